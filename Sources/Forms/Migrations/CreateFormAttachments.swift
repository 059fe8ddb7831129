import FluentKit

/// forms.0006: attachments.
struct CreateFormAttachments: AsyncMigration {
    var name: String { "forms.0006.create_form_attachments" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FormAttachment.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("form_id", .string, .required)
            .field("field_id", .string, .required)
            .field("application_id", .uuid)
            .field("token_hash", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int, .required)
            .field("content", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FormAttachment.schema).delete()
    }
}
