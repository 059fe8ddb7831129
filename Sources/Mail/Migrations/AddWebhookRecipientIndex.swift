import FluentKit
import MadoguchiCore
import SQLKit

/// mail.0002: webhook messages by recipient (the endpoint) and time, for an endpoint's latest
/// attempts; partial, so the mails of a fan-out (100,000 rows) do not pay for it.
struct AddWebhookRecipientIndex: AsyncMigration {
    var name: String { "mail.0002.webhook_recipient_index" }

    func prepare(on database: any Database) async throws {
        try await database.sql(for: "the mail outbox migration")
            .raw("CREATE INDEX mail_outbox_webhook_recipient ON mail_outbox (recipient, created_at) WHERE channel = 'webhook'").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql(for: "the mail outbox migration").raw("DROP INDEX mail_outbox_webhook_recipient").run()
    }
}
