import FluentKit
import MadoguchiCore
import SQLKit

/// mail.0003: delivery exactly once. `handed_at` marks an e-mail handed over: committed just before
/// the end of its data is written (`MailOutbox+Delivery.swift`), so a message marked is never
/// claimed again. The partial index of due messages is rebuilt to leave marked rows out (its
/// predicate is `MailOutbox.dueSQL`, as the claim spells it), and a small partial index finds the
/// marked rows still `sending` (`MailOutbox.handedSQL`) for `settleHandedOver`; a row stays in it
/// only between its mark and its outcome.
struct AddHandedOverMark: AsyncMigration {
    var name: String { "mail.0003.handed_over_mark" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql(for: "the mail outbox migration")
        try await database.schema(OutboxMessage.schema).field("handed_at", .datetime).update()
        try await sql.raw("DROP INDEX mail_outbox_due").run()
        try await sql.raw("CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE \(unsafeRaw: MailOutbox.dueSQL)").run()
        try await sql.raw("CREATE INDEX mail_outbox_handed ON mail_outbox (claimed_until) WHERE \(unsafeRaw: MailOutbox.handedSQL)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql(for: "the mail outbox migration")
        try await sql.raw("DROP INDEX mail_outbox_handed").run()
        try await sql.raw("DROP INDEX mail_outbox_due").run()
        try await sql.raw("CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status IN \(unsafeRaw: DeliveryStatus.pendingSQL)").run()
        try await database.schema(OutboxMessage.schema).deleteField("handed_at").update()
    }
}
