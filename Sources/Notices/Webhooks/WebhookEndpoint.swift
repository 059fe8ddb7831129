import FluentKit
import Foundation
import Privacy

/// A receiver registered by the municipality's IT staff (a LINE/SNS bridge, the prefecture's
/// system): where notices and alerts are POSTed as signed JSON, which of them it takes, and its
/// shared secret (sealed, bound to the row; shown to staff once, at creation or rotation).
public final class WebhookEndpoint: Model, @unchecked Sendable {
    public static let schema = "notices_webhooks"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "url") public var url: String
    @Field(key: "description") public var endpointDescription: String
    /// `|kurashi|bosai|`: the notice categories it receives; `""` for none (alerts only).
    @Field(key: "categories") public var categoriesText: String
    /// `|a|b|`: the areas whose notices and alerts it receives; `""` for every area.
    @Field(key: "area_codes") public var areaCodesText: String
    /// Whether it receives evacuation alerts (issue, update, lift) of its areas.
    @Field(key: "alerts") public var alerts: Bool
    @Field(key: "active") public var active: Bool
    /// The shared secret, sealed (`FieldCipher`, bound to this table, column and row).
    @Field(key: "secret") public var secretCiphertext: String
    @Field(key: "secret_created_at") public var secretCreatedAt: Date
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var categories: [NoticeCategory] { AreaCodes.decode(categoriesText).compactMap(NoticeCategory.init(rawValue:)) }
    public var areaCodes: [String] { AreaCodes.decode(areaCodesText) }

    /// The outbox's clear recipient of this endpoint's messages.
    public var recipient: String { Self.recipient(id ?? UUID()) }
    static func recipient(_ id: UUID) -> String { "webhook:" + id.uuidString.lowercased() }

    static func binding(id: UUID) -> FieldBinding {
        FieldBinding(table: schema, column: "secret", recordID: FieldBinding.recordID(id))
    }

    /// Whether it takes a message for `areas` (`[]`: the whole municipality, which every endpoint takes).
    func covers(areas: [String]) -> Bool {
        let mine = areaCodes
        return mine.isEmpty || areas.isEmpty || !Set(mine).isDisjoint(with: areas)
    }
}
