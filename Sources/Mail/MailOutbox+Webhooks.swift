import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// The webhook channel over the same outbox: queued with the sender's clear reference and the
/// endpoint as recipient, claimed, leased, retried and counted exactly as e-mails are.
extension MailOutbox {
    /// A webhook message older than this is not retried any more (it ends as a technical failure),
    /// whatever attempts it has left; with `maxAttempts` (8) and the backoff (1, 2, 4 … minutes,
    /// at most an hour) the attempts run out after about two hours, well inside it.
    public static let webhookMaxAge: TimeInterval = 24 * 3600

    /// One webhook message to queue: `recipient` names the endpoint (the sender's own id, found
    /// again through `WebhookTargets` when it is sent); `dueAt` holds it back until then.
    public struct QueuedWebhook: Sendable {
        public let message: WebhookMessage
        public let kind: String
        public let municipalityID: UUID
        public let reference: String
        public let recipient: String
        public let dueAt: Date?
        public init(_ message: WebhookMessage, kind: String, municipalityID: UUID, reference: String, recipient: String, dueAt: Date? = nil) {
            self.message = message
            self.kind = kind
            self.municipalityID = municipalityID
            self.reference = reference
            self.recipient = recipient
            self.dueAt = dueAt
        }
    }

    /// Queues webhook messages in the caller's transaction, each encrypted and bound to its row.
    public func enqueueWebhooks(_ messages: [QueuedWebhook], on database: any Database) async throws {
        for queued in messages {
            try OutboxReference.check(queued.reference, field: "reference")
            try OutboxReference.check(queued.recipient, field: "recipient")
        }
        let encoder = JSONEncoder()
        try await insert(messages.map { queued in
            try sealedRow(queued.message, encoder: encoder, channel: .webhook, municipalityID: queued.municipalityID, kind: queued.kind,
                          reference: queued.reference, recipient: queued.recipient, dueAt: queued.dueAt)
        }, on: database)
    }

    /// Delivers up to `limit` due webhook messages through one session of `sender.transport`.
    public func deliverDue(webhooks sender: WebhookSender, limit: Int = 20, lease: TimeInterval = MailOutbox.lease,
                           now: Date = Date(), on database: any Database) async throws -> Run {
        try await deliver(channel: .webhook, limit: limit, lease: lease, now: now, on: database) {
            WebhookChannelSession(session: sender.transport.openSession(), targets: sender.targets)
        }
    }

    /// Counts by status of the messages whose reference starts with `referencePrefix`, per channel
    /// (every channel and status present, zero when none).
    public static func statusCountsByChannel(referencePrefix: String, municipalityID: UUID,
                                             on database: any Database) async throws -> [DeliveryChannel: [DeliveryStatus: Int]] {
        try OutboxReference.check(referencePrefix, field: "reference prefix")
        let sql = try database.sql(for: "the mail outbox")
        let rows = try await sql.raw("""
            SELECT channel, status, COUNT(*) AS n FROM \(ident: OutboxMessage.schema) \
            WHERE \(unsafeRaw: referenceColumn(sql)) >= \(bind: referencePrefix) AND \(unsafeRaw: referenceColumn(sql)) < \(bind: referencePrefix + "~") \
            AND municipality_id = \(bind: municipalityID) GROUP BY channel, status
            """).all()
        var counts = Dictionary(uniqueKeysWithValues: DeliveryChannel.allCases.map { channel in
            (channel, Dictionary(uniqueKeysWithValues: DeliveryStatus.allCases.map { ($0, 0) }))
        })
        for row in rows {
            if let channel = DeliveryChannel(rawValue: try row.decode(column: "channel", as: String.self)),
               let status = DeliveryStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[channel]?[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// One message's delivery as staff see it (never its text).
    public struct Attempt: Sendable, Equatable {
        public let id: UUID
        public let reference: String?
        public let kind: String
        public let status: DeliveryStatus?
        public let attempts: Int
        /// The receiver's answer (`http-500`) or the error kind, never a body.
        public let lastError: String?
        public let createdAt: Date?
        public let statusAt: Date?
        public let nextAttemptAt: Date
    }

    /// The latest `limit` (at most 100) webhook messages for one recipient, newest first.
    public static func recentWebhookAttempts(recipient: String, municipalityID: UUID, limit: Int = 20,
                                             on database: any Database) async throws -> [Attempt] {
        try OutboxReference.check(recipient, field: "recipient")
        return try await OutboxMessage.query(on: database).filter(\.$municipalityID == municipalityID)
            .filter(\.$channel == DeliveryChannel.webhook.rawValue).filter(\.$recipient == recipient)
            .sort(\.$createdAt, .descending).limit(max(1, min(100, limit)))
            .field(\.$id).field(\.$reference).field(\.$kind).field(\.$status).field(\.$attempts).field(\.$lastError)
            .field(\.$createdAt).field(\.$statusAt).field(\.$nextAttemptAt).field(\.$municipalityID)
            .all().map { row in
                Attempt(id: try row.requireID(), reference: row.reference, kind: row.kind, status: row.deliveryStatus, attempts: row.attempts,
                        lastError: row.lastError, createdAt: row.createdAt, statusAt: row.statusAt, nextAttemptAt: row.nextAttemptAt)
            }
    }
}
