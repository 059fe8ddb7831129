import FluentKit
import Foundation
import MadoguchiCore
import Privacy

/// A resident's mail subscription (メール配信サービス): an e-mail address, sealed at rest, with the
/// categories and areas it wants. Found by `addressIndex`, a keyed hash (HMAC-SHA256) of the
/// normalised address under any key of the ring, so the address itself is never compared or stored
/// in clear and a key rotation does not lose it.
public final class NoticeSubscription: Model, @unchecked Sendable {
    public static let schema = "notices_subscriptions"

    public enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting for the address's owner to follow the confirmation link (double opt-in); gets nothing.
        case pending
        case active
        /// Stopped by its owner (one-click or the manage page).
        case unsubscribed
        /// Stopped after `NoticeSubscriptions.maxPermanentFailures` permanent SMTP failures (5xx).
        case deactivated
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// The address, a `FieldCipher` envelope bound to this row.
    @Field(key: "address") public var addressCiphertext: String
    /// HMAC-SHA256 of the lower-cased address under a key derived from one field key (base64url):
    /// `NoticeSubscription.addressIndexDeclaration`.
    @Field(key: "address_index") public var addressIndex: String
    /// The id of the field key `addressIndex` was made under; nil for a row from before it was kept.
    @OptionalField(key: "address_index_key") public var addressIndexKey: String?
    /// Category raw values as `|a|b|` (at least one).
    @Field(key: "categories") public var categoriesText: String
    /// Area codes as `|a|b|`, or `""` for the whole municipality.
    @Field(key: "area_codes") public var areaCodesText: String
    /// `ja` or `en`: the language of the mails.
    @Field(key: "language") public var language: String
    @Field(key: "state") public var state: State
    /// Permanent SMTP failures counted so far.
    @Field(key: "permanent_failures") public var permanentFailures: Int
    /// Mails about the subscription itself (confirmation, "manage your subscription") sent in the
    /// current window, and when the window started: at most `NoticeSubscriptions.maxAccountMailsPerDay`.
    @Field(key: "account_mails") public var accountMails: Int
    @Field(key: "account_mails_since") public var accountMailsSince: Date
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "confirmed_at") public var confirmedAt: Date?
    /// When it was unsubscribed or deactivated (the retention clock of an ended subscription).
    @OptionalField(key: "ended_at") public var endedAt: Date?

    public init() {}

    public var categories: [NoticeCategory] { AreaCodes.decode(categoriesText).compactMap(NoticeCategory.init(rawValue:)) }
    public var areaCodes: [String] { AreaCodes.decode(areaCodesText) }

    /// The address index as the manifest declares it on the sealed address (key rotation re-keys it).
    public static let addressIndexDeclaration = KeyedIndexDeclaration(column: "address_index", keyIDColumn: "address_index_key",
                                                                      purpose: "notices-subscription-address-v1", normalization: .lowercased)

    static func binding(id: UUID) -> FieldBinding {
        FieldBinding(table: schema, column: "address", recordID: FieldBinding.recordID(id))
    }
}
