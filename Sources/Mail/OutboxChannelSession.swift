import FluentKit
import Foundation

/// The one delivery interface of the outbox: a channel's session takes a claimed message's
/// decrypted document and hands it to the receiver (SMTP: one connection for the batch; webhook:
/// one HTTP client for the batch). It throws `MailDeliveryError` for a receiver's refusal and
/// `UnreadableMessage` for a document it cannot read; `MailOutbox.deliver` records the outcome.
/// `handOver` durably marks the row handed over (a group commit) and runs the session's end-of-data
/// writer the moment the mark is committed: e-mail calls it with the text sent but the end of the
/// data (`MailSession.send(_:id:handOver:)`); a webhook, whose POST cannot be held
/// half-sent, never calls it (at least once: receivers drop a repeated `Madoguchi-Message-Id`).
protocol OutboxChannelSession: Sendable {
    func send(document: String, of row: OutboxMessage, handOver: MailHandOver, on database: any Database) async throws
    func close() async
}

/// E-mail: the document is a `MailMessage`, or a recipient of a templated batch rendered with its
/// template (`MailOutbox.message(from:on:)`), handed to the transport's session.
struct MailChannelSession: OutboxChannelSession {
    let session: any MailSession
    let outbox: MailOutbox

    func send(document: String, of row: OutboxMessage, handOver: MailHandOver, on database: any Database) async throws {
        let message = try await outbox.message(from: document, on: database)
        try await session.send(message, id: try row.requireID(), handOver: handOver)
    }

    func close() async { await session.close() }
}
