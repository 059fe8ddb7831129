import FluentKit
import Foundation

/// The one delivery interface of the outbox: a channel's session takes a claimed message's
/// decrypted document and hands it to the receiver (SMTP: one connection for the batch; webhook:
/// one HTTP client for the batch). It throws `MailDeliveryError` for a receiver's refusal and
/// `UnreadableMessage` for a document it cannot read; `MailOutbox.deliver` records the outcome.
protocol OutboxChannelSession: Sendable {
    func send(document: String, of row: OutboxMessage, on database: any Database) async throws
    func close() async
}

/// E-mail: the document is a `MailMessage`, handed to the transport's session.
struct MailChannelSession: OutboxChannelSession {
    let session: any MailSession

    func send(document: String, of row: OutboxMessage, on database: any Database) async throws {
        let message: MailMessage
        do {
            message = try JSONDecoder().decode(MailMessage.self, from: Data(document.utf8))
        } catch {
            throw MailOutbox.UnreadableMessage(kind: String(describing: type(of: error)))
        }
        try await session.send(message, id: try row.requireID())
    }

    func close() async { await session.close() }
}
