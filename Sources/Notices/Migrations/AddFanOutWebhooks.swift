import FluentKit
import MadoguchiCore
import SQLKit

/// notices.0012: a fan-out (a publication, a correction, an alert message) also queues the
/// messages of the webhook endpoints it concerns, once: `webhooks_at` is set by the conditional
/// UPDATE that claims that work (`NoticeWebhookFanOut`). Fan-outs already done are marked as
/// having had theirs (no endpoint existed then).
struct AddFanOutWebhooks: AsyncMigration {
    var name: String { "notices.0012.fanout_webhooks" }

    func prepare(on database: any Database) async throws {
        try await database.schema(NoticeFanOut.schema).field("webhooks_at", .datetime).update()
        try await database.sql(for: "the notices' fan-out migration").raw("UPDATE notices_fanouts SET webhooks_at = done_at WHERE done_at IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NoticeFanOut.schema).deleteField("webhooks_at").update()
    }
}
