import FluentKit
import Foundation
import Privacy

/// A submitted application (申請). The values (which may include a My Number) are one encrypted
/// JSON document bound to this row; the receipt number and status are in clear for the back office.
/// The status page is reached with the receipt number plus a secret, of which only a hash is kept.
public final class FormApplication: Model, @unchecked Sendable {
    public static let schema = "form_applications"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "form_id") public var formID: String
    @Field(key: "form_version") public var formVersion: Int
    /// 受付番号: `YYYYMMDD-` + 6 characters, unique per municipality.
    @Field(key: "receipt_number") public var receiptNumber: String
    @Field(key: "status") public var status: String
    @Field(key: "values") public var valuesCiphertext: String
    @Field(key: "secret_hash") public var secretHash: String
    /// The client's idempotency key (a hidden field of the 確認画面): a replayed or double submit
    /// finds the first application instead of creating a second.
    @Field(key: "idempotency_key") public var idempotencyKey: String
    /// The hash of the one-time allowance to re-issue the secret, bound to the idempotency key and
    /// the submitting browser (`FormSubmissions.reissueSecret`); nil once used, or when none was given.
    @OptionalField(key: "reissue_hash") public var reissueHash: String?
    @Timestamp(key: "submitted_at", on: .create) public var submittedAt: Date?
    /// The staff member handling it (担当者), nil until assigned.
    @OptionalField(key: "assigned_staff_id") public var assignedStaffID: UUID?

    public init() {}

    func binding() -> FieldBinding { Self.binding(id: id ?? UUID()) }

    /// What the values' ciphertext is bound to: this table, column and row.
    static func binding(id: UUID) -> FieldBinding {
        FieldBinding(table: schema, column: "values", recordID: FieldBinding.recordID(id))
    }
}

/// The back-office statuses: 受付 → 審査中 → 補正依頼 → 完了 / 却下.
public enum ApplicationStatus: String, Sendable, CaseIterable, Codable {
    case received, reviewing
    case correctionRequested = "correction_requested"
    case completed, rejected
}
