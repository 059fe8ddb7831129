import FluentKit
import MadoguchiCore

/// indicators.0006: a 事務事業's evaluation for one fiscal year (評価項目, 総合判定), as JSON.
struct CreateProgrammeEvaluations: AsyncMigration {
    var name: String { "indicators.0006.create_programme_evaluations" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ProgrammeEvaluation.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("programme_id", .uuid, .required, .references(Programme.schema, .id, onDelete: .cascade))
            .field("fiscal_year", .int, .required)
            .field("content", .string, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime, .required)
            .unique(on: "programme_id", "fiscal_year")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(ProgrammeEvaluation.schema).delete() }
}
