import FluentKit
import Foundation
import Privacy

/// A saved assisted-counter session (書かない窓口): the resident's basic four items, the event date
/// and the answers, encrypted as one envelope (`FieldCipher`, bound to this table, column and row).
/// Only what staff need to find a session is stored in clear: a short reference, the life event,
/// who opened it and when.
public final class CounterSession: Model, @unchecked Sendable {
    public static let schema = "counter_sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// 受付番号 shown on the 受付案内票 and in the list: 6 characters, no personal data.
    @Field(key: "reference") public var reference: String
    @Field(key: "life_event") public var lifeEvent: String
    @OptionalField(key: "opened_by") public var openedBy: UUID?
    @Field(key: "content") public var contentCiphertext: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    static let contentColumn = "content"

    func binding() -> FieldBinding {
        FieldBinding(table: Self.schema, column: Self.contentColumn, recordID: FieldBinding.recordID(id ?? UUID()))
    }
}
