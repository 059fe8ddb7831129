import Crypto
import Foundation

/// A webhook message as the outbox keeps it (encrypted like a mail): the JSON document to POST.
/// Where it goes and the key it is signed with are the endpoint's, read when it is sent (the
/// outbox row's `recipient` names the endpoint), so an edited URL or a rotated secret applies to
/// messages still waiting.
public struct WebhookMessage: Sendable, Codable, Equatable {
    public let body: String

    public init(body: String) { self.body = body }
}

/// Where a webhook message goes: the endpoint's URL and its shared secret (the text shown to staff
/// once; its UTF-8 bytes are the HMAC key).
public struct WebhookTarget: Sendable {
    public let url: String
    public let secret: String

    public init(url: String, secret: String) {
        self.url = url
        self.secret = secret
    }
}

/// One signed POST, ready for the transport.
public struct WebhookRequest: Sendable {
    public let url: String
    public let body: Data
    /// `Content-Type`, `Madoguchi-Timestamp`, `Madoguchi-Signature`, `Madoguchi-Message-Id`.
    public let headers: [(name: String, value: String)]
}

/// The signature a receiver checks: `v1=` and the lower-case hex HMAC-SHA256, under the endpoint's
/// secret, of the timestamp (unix seconds, as sent in `Madoguchi-Timestamp`), a full stop, and the
/// body's bytes exactly as received.
public enum WebhookSignature {
    public static let timestampHeader = "Madoguchi-Timestamp"
    public static let signatureHeader = "Madoguchi-Signature"
    public static let messageIDHeader = "Madoguchi-Message-Id"

    public static func sign(secret: String, timestamp: Int, body: Data) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// The request for one outbox message: signed now, with the message id (the same on every
    /// attempt, so a receiver can drop a repeat).
    public static func request(_ message: WebhookMessage, to target: WebhookTarget, id: UUID, at now: Date) -> WebhookRequest {
        let body = Data(message.body.utf8)
        let timestamp = Int(now.timeIntervalSince1970)
        return WebhookRequest(url: target.url, body: body, headers: [
            ("Content-Type", "application/json; charset=utf-8"),
            (timestampHeader, String(timestamp)),
            (signatureHeader, sign(secret: target.secret, timestamp: timestamp, body: body)),
            (messageIDHeader, id.uuidString.lowercased()),
        ])
    }
}
