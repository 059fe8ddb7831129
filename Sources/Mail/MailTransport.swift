/// What actually sends mail (SMTP in the server; anything in tests).
public protocol MailTransport: Sendable {
    func send(_ message: MailMessage, from: String) async throws
}

/// Why a transport could not deliver: `permanent` (5xx: the address is refused) stops retries.
public struct MailDeliveryError: Error, Sendable {
    public let code: String
    public let permanent: Bool
    public init(code: String, permanent: Bool) { self.code = code; self.permanent = permanent }
}
