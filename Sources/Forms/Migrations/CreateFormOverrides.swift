import FluentKit

/// forms.0007: the form edits.
struct CreateFormOverrides: AsyncMigration {
    var name: String { "forms.0007.create_form_overrides" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FormOverride.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("form_id", .string, .required)
            .field("definition", .string, .required)
            .field("revision", .int, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime)
            .unique(on: "municipality_id", "form_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FormOverride.schema).delete()
    }
}
