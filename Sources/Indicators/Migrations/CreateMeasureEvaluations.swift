import FluentKit
import MadoguchiCore

/// indicators.0004: a 施策's evaluation for one fiscal year (sections 4–7 of the sheet), as JSON.
struct CreateMeasureEvaluations: AsyncMigration {
    var name: String { "indicators.0004.create_measure_evaluations" }

    func prepare(on database: any Database) async throws {
        try await database.schema(MeasureEvaluation.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("measure_id", .uuid, .required, .references(Measure.schema, .id, onDelete: .cascade))
            .field("fiscal_year", .int, .required)
            .field("content", .string, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime, .required)
            .unique(on: "measure_id", "fiscal_year")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(MeasureEvaluation.schema).delete() }
}
