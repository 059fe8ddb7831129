import FluentKit
import Foundation

/// One notice publication or alert message to send to subscribers, written in the same
/// transaction as the publication (so it exists exactly when the notice or alert does) and
/// expanded by `NoticeFanOuts.queueDue` in chunks of subscribers, each chunk in one transaction
/// with its outbox messages. `source` is unique: a retried or racing publish writes one record.
public final class NoticeFanOut: Model, @unchecked Sendable {
    public static let schema = "notices_fanouts"

    public enum Kind: String, Sendable, Codable { case notice, alert }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "source") public var source: String
    @Field(key: "kind") public var kind: Kind
    /// The notice's category (alerts go to every subscriber of their areas whatever the category).
    @OptionalField(key: "category") public var category: String?
    /// `|a|b|`, or `""` for the whole municipality (notices only).
    @Field(key: "area_codes") public var areaCodesText: String
    /// The notice's id, or the alert message's id.
    @Field(key: "subject_id") public var subjectID: UUID
    /// When sending may start (a notice published for later waits for its time).
    @Field(key: "due_at") public var dueAt: Date
    /// The last subscriber id queued, in id order; nil before the first chunk.
    @OptionalField(key: "cursor") public var cursor: UUID?
    @Field(key: "queued") public var queued: Int
    @OptionalField(key: "done_at") public var doneAt: Date?
    /// When this fan-out's webhook messages were queued (at most once: see `NoticeWebhookFanOut`).
    @OptionalField(key: "webhooks_at") public var webhooksAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
