import FluentKit
import Foundation
import Privacy

/// A form saved part-way (途中保存) or opened to prove an e-mail address (メールアドレスの確認).
/// It is reached only through the link mailed to the address (only a hash of the link's token is
/// stored); its values and the address are one encrypted JSON document bound to the row.
public final class FormDraft: Model, @unchecked Sendable {
    public static let schema = "form_drafts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "form_id") public var formID: String
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "content") public var contentCiphertext: String
    @Field(key: "step") public var step: Int
    /// True once the mailed link was opened: the applicant controls the address.
    @Field(key: "verified") public var verified: Bool
    @Field(key: "expires_at") public var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    /// What the encrypted document holds.
    public struct Content: Codable, Sendable, Equatable {
        public var email: String
        public var values: [String: String]
    }

    func binding() -> FieldBinding {
        FieldBinding(table: Self.schema, column: "content", recordID: FieldBinding.recordID(id ?? UUID()))
    }
}
