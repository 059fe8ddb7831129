import FluentKit
import Foundation
import Privacy

/// One message waiting in (or delivered from) the database-backed outbox. The recipient and the
/// text are personal data: both are one encrypted JSON document bound to the row. In clear: what is
/// needed to deliver it (channel, due time, attempts, lease), its status, and the sender's
/// `reference` and `recipient` (identifiers the sender chose, never personal data: see
/// `OutboxReference`).
public final class OutboxMessage: Model, @unchecked Sendable {
    public static let schema = "mail_outbox"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// What it is (`forms.receipt`, `forms.resume`, `forms.verify`, `notices.alert` …), for counts and the audit log.
    @Field(key: "kind") public var kind: String
    /// `email` (a `MailMessage`) or `webhook` (a `WebhookMessage`): what the encrypted document is.
    @Field(key: "channel") public var channel: String
    @Field(key: "message") public var messageCiphertext: String
    /// A `DeliveryStatus` raw value.
    @Field(key: "status") public var status: String
    /// When the status last changed to an outcome (delivered or a failure).
    @OptionalField(key: "status_at") public var statusAt: Date?
    /// The sender's clear reference (e.g. `alert-message:<uuid>`), for counts by status.
    @OptionalField(key: "reference") public var reference: String?
    /// The sender's clear identifier of the recipient (e.g. a subscription's id), never the address.
    @OptionalField(key: "recipient") public var recipient: String?
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    /// Set while one instance is delivering it; another instance skips it until the lease ends.
    @OptionalField(key: "claimed_until") public var claimedUntil: Date?
    /// The last SMTP reply code or error kind (never the address or the text).
    @OptionalField(key: "last_error") public var lastError: String?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    /// When the e-mail was marked handed over: just before the end of its data was written. A row
    /// with this mark is never claimed again (delivery exactly once; see `MailOutbox+Delivery.swift`).
    @OptionalField(key: "handed_at") public var handedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var deliveryStatus: DeliveryStatus? { DeliveryStatus(rawValue: status) }

    func binding() -> FieldBinding { Self.binding(id: id ?? UUID()) }

    /// What the message's ciphertext is bound to: this table, column and row.
    static func binding(id: UUID) -> FieldBinding {
        FieldBinding(table: schema, column: "message", recordID: FieldBinding.recordID(id))
    }
}

/// The channels a message can go out through.
public enum DeliveryChannel: String, Sendable, Codable, CaseIterable {
    case email
    case webhook
}

/// The clear identifiers a sender attaches to a message: a `reference` (what it is about, e.g.
/// `notice:<uuid>`) and a `recipient` (whom, as the sender's own id, e.g. a subscription's UUID).
/// Both stay in clear for counts and for deactivating addresses, so both are restricted to ASCII
/// letters, digits and `: . _ / -` (no `@`, no spaces: an address or a name cannot be put there by
/// mistake), at most `maxLength` characters.
public enum OutboxReference {
    public static let maxLength = 200

    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= maxLength && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || ":._/-".utf8.contains(byte)
        }
    }

    static func check(_ text: String?, field: String) throws {
        if let text, !isValid(text) { throw OutboxReferenceError(field: field) }
    }
}

/// A reference or recipient that is not a clear identifier (see `OutboxReference`).
public struct OutboxReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public var description: String { "mail outbox \(field): only ASCII letters, digits and : . _ / -, at most \(OutboxReference.maxLength)" }
}
