import FluentKit
import MadoguchiCore
import SQLKit

/// mail.0001: the outbox's status speaks GOV.UK Notify's vocabulary (`DeliveryStatus`), and each
/// message carries the sender's clear `reference` and `recipient`, its `channel` and the time of its
/// last outcome. The `state` column is renamed `status` and its values mapped in place (queued →
/// created, or a failure still being retried; sent → delivered; failed → permanent-failure for an
/// SMTP 5xx, else the failure that exhausted the attempts), so no row is lost. Indexes: the due
/// messages in delivery order (partial, only pending statuses: the claim's scan stops at its limit),
/// references for counts by prefix (bytewise in PostgreSQL, as SQLite compares), permanent failures by time.
struct AddOutboxStatusAndReference: AsyncMigration {
    var name: String { "mail.0001.outbox_status_and_reference" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql(for: "the mail outbox migration")
        let postgres = sql.dialect.name == "postgresql"
        try await sql.raw("ALTER TABLE mail_outbox RENAME COLUMN state TO status").run()
        try await database.schema(OutboxMessage.schema).field("reference", .string).update()
        try await database.schema(OutboxMessage.schema).field("recipient", .string).update()
        try await database.schema(OutboxMessage.schema).field("status_at", .datetime).update()
        try await sql.raw("ALTER TABLE mail_outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email'").run()
        try await sql.raw("""
            UPDATE mail_outbox SET status = CASE \
            WHEN status = 'queued' AND attempts = 0 THEN 'created' \
            WHEN status = 'queued' AND last_error LIKE 'smtp-4%' THEN 'temporary-failure' \
            WHEN status = 'queued' THEN 'technical-failure' \
            WHEN status = 'sent' THEN 'delivered' \
            WHEN status = 'failed' AND last_error LIKE 'smtp-5%' THEN 'permanent-failure' \
            WHEN status = 'failed' AND last_error LIKE 'smtp-4%' THEN 'temporary-failure' \
            WHEN status = 'failed' THEN 'technical-failure' ELSE status END, \
            status_at = sent_at
            """).run()
        try await sql.raw("CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status IN \(unsafeRaw: DeliveryStatus.pendingSQL)").run()
        try await sql.raw("CREATE INDEX mail_outbox_reference ON mail_outbox (reference\(unsafeRaw: postgres ? " COLLATE \"C\"" : ""))").run()
        try await sql.raw("CREATE INDEX mail_outbox_permanent_failures ON mail_outbox (status_at) WHERE status = 'permanent-failure'").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql(for: "the mail outbox migration")
        for index in ["mail_outbox_due", "mail_outbox_reference", "mail_outbox_permanent_failures"] {
            try await sql.raw("DROP INDEX \(ident: index)").run()
        }
        try await sql.raw("""
            UPDATE mail_outbox SET status = CASE WHEN status IN ('created', 'sending') THEN 'queued' WHEN status = 'delivered' THEN 'sent' \
            WHEN status = 'permanent-failure' OR attempts >= 8 THEN 'failed' ELSE 'queued' END
            """).run()
        try await sql.raw("ALTER TABLE mail_outbox RENAME COLUMN status TO state").run()
        for field in ["reference", "recipient", "status_at", "channel"] {
            try await database.schema(OutboxMessage.schema).deleteField(.string(field)).update()
        }
    }
}
