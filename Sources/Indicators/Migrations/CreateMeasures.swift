import FluentKit
import MadoguchiCore

/// indicators.0003: 施策 (measures): header columns in clear, the sheet's fixed parts as JSON.
struct CreateMeasures: AsyncMigration {
    var name: String { "indicators.0003.create_measures" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Measure.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("code", .string, .required)
            .field("policy_name", .string, .required)
            .field("name", .string, .required)
            .field("lead_department", .string, .required)
            .field("related_departments", .string, .required)
            .field("author", .string, .required)
            .field("content", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "municipality_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(Measure.schema).delete() }
}
