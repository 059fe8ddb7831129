import FluentKit
import MadoguchiCore

/// indicators.0005: 事務事業 (programmes): header columns in clear, the sheet's fixed parts as JSON.
struct CreateProgrammes: AsyncMigration {
    var name: String { "indicators.0005.create_programmes" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Programme.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("department", .string, .required)
            .field("phone", .string, .required)
            .field("content", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "municipality_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(Programme.schema).delete() }
}
