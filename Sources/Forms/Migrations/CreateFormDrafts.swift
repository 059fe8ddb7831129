import FluentKit

/// forms.0005: saved and verification drafts.
struct CreateFormDrafts: AsyncMigration {
    var name: String { "forms.0005.create_form_drafts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FormDraft.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("form_id", .string, .required)
            .field("token_hash", .string, .required)
            .field("content", .string, .required)
            .field("step", .int, .required)
            .field("verified", .bool, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FormDraft.schema).delete()
    }
}
