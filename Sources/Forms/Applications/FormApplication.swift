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
    @Timestamp(key: "submitted_at", on: .create) public var submittedAt: Date?
    /// The staff member handling it (担当者), nil until assigned.
    @OptionalField(key: "assigned_staff_id") public var assignedStaffID: UUID?

    public init() {}

    func binding() -> FieldBinding {
        FieldBinding(table: Self.schema, column: "values", recordID: FieldBinding.recordID(id ?? UUID()))
    }
}

/// The back-office statuses: 受付 → 審査中 → 補正依頼 → 完了 / 却下.
public enum ApplicationStatus: String, Sendable, CaseIterable, Codable {
    case received, reviewing
    case correctionRequested = "correction_requested"
    case completed, rejected
}

/// forms.0001: the applications table. The unique keys make a double submit or a receipt-number
/// collision fail in the database, not silently.
struct CreateFormApplications: AsyncMigration {
    var name: String { "forms.0001.create_applications" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FormApplication.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("form_id", .string, .required)
            .field("form_version", .int, .required)
            .field("receipt_number", .string, .required)
            .field("status", .string, .required)
            .field("values", .string, .required)
            .field("secret_hash", .string, .required)
            .field("idempotency_key", .string, .required)
            .field("submitted_at", .datetime)
            .unique(on: "municipality_id", "receipt_number")
            .unique(on: "municipality_id", "idempotency_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FormApplication.schema).delete()
    }
}
