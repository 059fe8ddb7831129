import FluentKit
import Foundation
import Privacy

/// One e-mail waiting in (or delivered from) the database-backed outbox. The recipient and the
/// text are personal data: both are one encrypted JSON document bound to the row. Only the state
/// needed to deliver it (due time, attempts, lease) is in clear.
public final class OutboxMessage: Model, @unchecked Sendable {
    public static let schema = "mail_outbox"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// What it is (`forms.receipt`, `forms.resume`, `forms.verify`), for counts and the audit log.
    @Field(key: "kind") public var kind: String
    @Field(key: "message") public var messageCiphertext: String
    @Field(key: "state") public var state: String
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    /// Set while one instance is delivering it; another instance skips it until the lease ends.
    @OptionalField(key: "claimed_until") public var claimedUntil: Date?
    /// The last SMTP reply code or error kind (never the address or the text).
    @OptionalField(key: "last_error") public var lastError: String?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public enum State: String, Sendable { case queued, sent, failed }

    func binding() -> FieldBinding { Self.binding(id: id ?? UUID()) }

    /// What the message's ciphertext is bound to: this table, column and row.
    static func binding(id: UUID) -> FieldBinding {
        FieldBinding(table: schema, column: "message", recordID: FieldBinding.recordID(id))
    }
}
