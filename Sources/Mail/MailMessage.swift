import Foundation

/// An e-mail as the outbox keeps it: plain text, UTF-8.
public struct MailMessage: Sendable, Codable, Equatable {
    public let to: String
    public let subject: String
    public let body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}
