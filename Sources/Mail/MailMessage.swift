import Foundation

/// An e-mail as the outbox keeps it: plain text, UTF-8, and any extra headers (checked: see
/// `MailHeader`). Rows stored before headers existed decode with none.
public struct MailMessage: Sendable, Codable, Equatable {
    public let to: String
    public let subject: String
    public let body: String
    public let headers: [MailHeader]

    public init(to: String, subject: String, body: String, headers: [MailHeader] = []) {
        self.to = to
        self.subject = subject
        self.body = body
        self.headers = headers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        to = try container.decode(String.self, forKey: .to)
        subject = try container.decode(String.self, forKey: .subject)
        body = try container.decode(String.self, forKey: .body)
        headers = try container.decodeIfPresent([MailHeader].self, forKey: .headers) ?? []
    }
}
