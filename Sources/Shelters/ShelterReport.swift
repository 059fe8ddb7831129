import FluentKit
import Foundation

/// One status report on a shelter, kept for the after-action report (who, when, what they saw).
public final class ShelterReport: Model, @unchecked Sendable {
    public static let schema = "shelter_reports"

    @ID(key: .id) public var id: UUID?
    @Field(key: "shelter_id") public var shelterID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "status") public var status: String
    @OptionalField(key: "head_count") public var headCount: Int?
    @OptionalField(key: "households") public var households: Int?
    @OptionalField(key: "crowding") public var crowding: String?
    /// Whether the crowding level was chosen by staff rather than suggested from the head count.
    @Field(key: "crowding_overridden") public var crowdingOverridden: Bool
    @Field(key: "checked_at") public var checkedAt: Date
    /// `staff:<uuid>` as in the audit log.
    @Field(key: "reported_by") public var reportedBy: String

    public init() {}
}
