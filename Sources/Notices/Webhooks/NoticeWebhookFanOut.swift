import FluentKit
import Foundation
import Mail
import MadoguchiCore
import SQLKit

/// Queues, for one due fan-out (a publication, a correction or an alert message), one outbox
/// message on the `webhook` channel per active endpoint that takes it, exactly once: the first
/// statement of the transaction claims the work with a conditional UPDATE of `webhooks_at`
/// (PostgreSQL makes a racing instance wait for the row and then finds it set; SQLite has one
/// writer), and the messages are inserted in the same transaction.
struct NoticeWebhookFanOut: Sendable {
    let outbox: MailOutbox
    let publicURL: String

    static let kind = "notices.webhook"

    func queue(_ fanOut: NoticeFanOut, now: Date, on database: any Database) async throws -> Int {
        guard fanOut.webhooksAt == nil else { return 0 }
        return try await database.transaction { db in
            let claimed = try await db.sql(for: "the notices' fan-out").raw("""
                UPDATE \(ident: NoticeFanOut.schema) SET webhooks_at = \(bind: now) WHERE id = \(bind: try fanOut.requireID()) \
                AND webhooks_at IS NULL RETURNING id
                """).all()
            guard !claimed.isEmpty else { return 0 }
            let areas = AreaCodes.decode(fanOut.areaCodesText)
            let endpoints = try await WebhookEndpoint.query(on: db).filter(\.$municipalityID == fanOut.municipalityID)
                .filter(\.$active == true).sort(\.$createdAt).all()
                .filter { endpoint in
                    guard endpoint.covers(areas: areas) else { return false }
                    switch fanOut.kind {
                    case .alert: return endpoint.alerts
                    case .notice: return fanOut.category.map { endpoint.categoriesText.contains("|\($0)|") } ?? false
                    }
                }
            guard !endpoints.isEmpty,
                  let payload = try await WebhookPayload.load(fanOut, publicURL: publicURL, on: db) else { return 0 }
            let body = try payload.json()
            try await outbox.enqueueWebhooks(endpoints.map { endpoint in
                MailOutbox.QueuedWebhook(WebhookMessage(body: body), kind: Self.kind, municipalityID: fanOut.municipalityID,
                                         reference: NoticeSubscriptions.referencePrefix + fanOut.source, recipient: endpoint.recipient)
            }, on: db)
            return endpoints.count
        }
    }
}
