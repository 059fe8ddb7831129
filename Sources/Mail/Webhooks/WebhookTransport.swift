import FluentKit
import Foundation

/// What POSTs webhook messages (AsyncHTTPClient in the server). A session serves one delivery
/// batch; `post` throws `MailDeliveryError` with code `http-<status>` for a non-2xx answer
/// (`permanent` for a 3xx or 4xx other than 408 and 429), `http-timeout` or `http-connect`.
public protocol WebhookTransport: Sendable {
    func openSession() -> any WebhookSession
}

public protocol WebhookSession: Sendable {
    func post(_ request: WebhookRequest) async throws
    func close() async
}

/// Finds a webhook message's endpoint by the outbox row's `recipient` (the sending module's id of
/// the endpoint): nil when it is gone or inactive (the message is then refused for good).
public protocol WebhookTargets: Sendable {
    func target(recipient: String, municipalityID: UUID, on database: any Database) async throws -> WebhookTarget?
}

/// What the delivery job needs for the webhook channel; provided to background jobs by the server.
public struct WebhookSender: Sendable {
    public let transport: any WebhookTransport
    public let targets: any WebhookTargets

    public init(transport: any WebhookTransport, targets: any WebhookTargets) {
        self.transport = transport
        self.targets = targets
    }
}

/// Webhook: the document is a `WebhookMessage`; the endpoint is looked up (once per batch) and
/// the request signed at the moment it is sent.
final class WebhookChannelSession: OutboxChannelSession, @unchecked Sendable {
    let session: any WebhookSession
    let targets: any WebhookTargets
    private var found: [String: WebhookTarget?] = [:]

    init(session: any WebhookSession, targets: any WebhookTargets) {
        self.session = session
        self.targets = targets
    }

    func send(document: String, of row: OutboxMessage, handOver: MailHandOver, on database: any Database) async throws {
        let message: WebhookMessage
        do {
            message = try JSONDecoder().decode(WebhookMessage.self, from: Data(document.utf8))
        } catch {
            throw MailOutbox.UnreadableMessage(kind: String(describing: type(of: error)))
        }
        let key = "\(row.municipalityID)/\(row.recipient ?? "")"
        let target: WebhookTarget?
        if let cached = found[key] {
            target = cached
        } else {
            target = try await row.recipient.asyncMap { try await targets.target(recipient: $0, municipalityID: row.municipalityID, on: database) } ?? nil
            found[key] = target
        }
        guard let target else { throw MailDeliveryError(code: "webhook-endpoint-inactive", permanent: true) }
        try await session.post(WebhookSignature.request(message, to: target, id: try row.requireID(), at: Date()))
    }

    func close() async { await session.close() }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): return try await transform(value)
        case .none: return nil
        }
    }
}
