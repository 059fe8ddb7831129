import FluentKit

/// mail.0004: the texts of templated batches (`OutboxTemplate`), one row per batch and language.
struct CreateMailTemplates: AsyncMigration {
    var name: String { "mail.0004.templates" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxTemplate.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("document", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxTemplate.schema).delete()
    }
}
