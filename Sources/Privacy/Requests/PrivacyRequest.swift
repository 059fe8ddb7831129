import FluentKit
import Foundation

/// A resident's disclosure, correction or suspension request. The requester's name, address,
/// contact and the description of what they ask for are stored encrypted (`FieldCipher`, bound to
/// this table, the column and the row id); dates are `YYYY-MM-DD` civil dates.
public final class PrivacyRequest: Model, @unchecked Sendable {
    public static let schema = "privacy_requests"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "status") public var status: String
    @Field(key: "received_on") public var receivedOn: String
    @Field(key: "requester_name") public var requesterNameCiphertext: String
    @Field(key: "requester_address") public var requesterAddressCiphertext: String
    @OptionalField(key: "requester_contact") public var requesterContactCiphertext: String?
    @Field(key: "subject") public var subjectCiphertext: String
    @OptionalField(key: "target_file_id") public var targetFileID: String?
    /// For correction and suspension: when the information was disclosed.
    @OptionalField(key: "disclosed_on") public var disclosedOn: String?
    /// Days spent on 補正 so far; a running 補正 started on `correction_started_on`.
    @Field(key: "correction_days") public var correctionDays: Int
    @OptionalField(key: "correction_started_on") public var correctionStartedOn: String?
    /// The written notice of extension (art. 83 (2)); without it there is no extension.
    @OptionalField(key: "extension_notice_on") public var extensionNoticeOn: String?
    @OptionalField(key: "extension_reason") public var extensionReason: String?
    @OptionalField(key: "decision") public var decision: String?
    @OptionalField(key: "decision_grounds") public var decisionGrounds: String?
    @OptionalField(key: "decided_on") public var decidedOn: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var requestKind: PrivacyRequestKind? { PrivacyRequestKind(rawValue: kind) }
    public var requestStatus: PrivacyRequestStatus? { PrivacyRequestStatus(rawValue: status) }

    /// The binding that ties each encrypted column to this row.
    public func binding(_ column: String) -> FieldBinding {
        FieldBinding(table: Self.schema, column: column, recordID: id?.uuidString.lowercased() ?? "")
    }
}
