import FluentKit
import MadoguchiCore
import Foundation

/// An evacuation alert (避難情報) for some areas, with what L-Alert's EvacuationOrder needs:
/// 発令区分 (`level`), 発令/解除 (`active`), 対象地区 (`areaCodes`), 対象世帯数・人数.
public final class EvacuationAlert: Model, @unchecked Sendable {
    public static let schema = "notices_alerts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "level") public var levelRaw: Int
    @Field(key: "area_codes") public var areaCodesText: String
    @OptionalField(key: "households") public var households: Int?
    @OptionalField(key: "people") public var people: Int?
    @Field(key: "instruction") public var instruction: String
    @Field(key: "instruction_en") public var instructionEnglish: String
    /// False once lifted (解除).
    @Field(key: "active") public var active: Bool
    @Field(key: "issued_at") public var issuedAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "lifted_at") public var liftedAt: Date?
    @Field(key: "issued_by") public var issuedBy: String

    public init() {}

    public var level: AlertLevel { AlertLevel(rawValue: levelRaw) ?? .evacuationOrder }
    public var areaCodes: [String] { AreaCodes.decode(areaCodesText) }
}

/// One CAP 1.2 message of an alert (its issue, an update, or its cancellation), stored as produced.
public final class AlertMessage: Model, @unchecked Sendable {
    public static let schema = "notices_alert_messages"

    public enum MessageType: String, Sendable, Codable {
        case alert = "Alert", update = "Update", cancel = "Cancel"
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "alert_id") public var alertID: UUID
    @Field(key: "sequence") public var sequence: Int
    @Field(key: "message_type") public var messageType: MessageType
    /// CAP `identifier`, unique to this message.
    @Field(key: "identifier") public var identifier: String
    /// CAP `sent`, whole seconds.
    @Field(key: "sent") public var sent: Date
    /// 発令 or 解除.
    @Field(key: "issuance") public var issuance: String
    @Field(key: "level") public var level: Int
    @Field(key: "area_codes") public var areaCodesText: String
    @OptionalField(key: "households") public var households: Int?
    @OptionalField(key: "people") public var people: Int?
    /// The CAP XML document, served byte for byte at the message's URL.
    @Field(key: "document") public var document: String

    public init() {}
}
