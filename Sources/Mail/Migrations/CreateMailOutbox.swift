import FluentKit

/// The outbox table. It was created by the Forms module before the outbox became the Mail
/// module's: the migration keeps its `forms.0004` name (and the table its name), so a database
/// that already ran it does not run it again, and no data moves.
struct CreateMailOutbox: AsyncMigration {
    var name: String { "forms.0004.create_mail_outbox" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("message", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).delete()
    }
}
