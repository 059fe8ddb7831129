import FluentKit

/// counter.0002: the inventory edits table.
struct CreateProcedureOverrides: AsyncMigration {
    var name: String { "counter.0002.create_procedure_overrides" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ProcedureOverride.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("procedure_id", .string, .required)
            .field("definition", .string, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime)
            .unique(on: "municipality_id", "procedure_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProcedureOverride.schema).delete()
    }
}
