import FluentKit
import Foundation

/// A link mailed to a subscriber: its random token is in the mailed URL, only its SHA-256 is
/// stored (`SecretToken`). A confirmation link (double opt-in) expires; a manage link from a
/// "manage your subscription" mail expires. A `message` link was the link of a mailed notice or
/// alert (the manage page and the one-click unsubscribe, RFC 8058, for as long as the subscription
/// exists), one row per subscriber and source; the fan-out no longer writes them — its mails carry
/// a `MessageLinkToken`, checked without a row, and its cursor (in the chunk's transaction) is what
/// sends each subscriber each source exactly once — but the rows already written keep their mails'
/// links working until the subscription leaves the file.
public final class SubscriptionLink: Model, @unchecked Sendable {
    public static let schema = "notices_subscription_links"

    public enum Purpose: String, Sendable, Codable { case confirm, manage, message }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "subscription_id") public var subscriptionID: UUID
    @Field(key: "purpose") public var purpose: Purpose
    @Field(key: "token_hash") public var tokenHash: String
    /// `notice:<id>:<revision>` or `alert:<message id>` for a `message` link; nil otherwise.
    @OptionalField(key: "source") public var source: String?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "expires_at") public var expiresAt: Date?

    public init() {}
}
