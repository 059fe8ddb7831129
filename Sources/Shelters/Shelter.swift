import FluentKit
import Foundation

/// A shelter (指定避難所) or evacuation place (指定緊急避難場所) of a municipality, as its standard
/// dataset lists it, with its current status. The current status lives on the row so that the
/// public list is one read; every report is also kept in `ShelterReport`.
public final class Shelter: Model, @unchecked Sendable {
    public static let schema = "shelters"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// The standard dataset's `NO`, unique within the municipality and kind.
    @Field(key: "standard_id") public var standardID: String
    /// `evacuation_shelter` (指定避難所) or `evacuation_space` (指定緊急避難場所).
    @Field(key: "kind") public var kind: String
    @Field(key: "name") public var name: String
    @Field(key: "address") public var address: String
    /// 対象となる町会・自治会 as the dataset writes it (empty when the dataset has none).
    @Field(key: "area") public var area: String
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    /// 想定収容人数; nil when the dataset gives none (no crowding is suggested then).
    @OptionalField(key: "capacity") public var capacity: Int?
    @Field(key: "status") public var status: String
    @OptionalField(key: "head_count") public var headCount: Int?
    @OptionalField(key: "households") public var households: Int?
    @OptionalField(key: "crowding") public var crowding: String?
    /// When staff last checked the shelter (nil: never reported).
    @OptionalField(key: "checked_at") public var checkedAt: Date?
    /// Raised by every report: a report made against an older version is refused (two staff on one shelter).
    @Field(key: "revision") public var revision: Int

    public init() {}

    public static let kinds = ["evacuation_shelter", "evacuation_space"]

    public var shelterStatus: ShelterStatus { ShelterStatus(rawValue: status) ?? .notOpened }
    public var crowdingLevel: Crowding? { crowding.flatMap(Crowding.init(rawValue:)) }
}
