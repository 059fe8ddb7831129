import FluentKit
import Foundation
import Privacy

/// A file attached to an application (添付書類). It is stored as soon as the resident uploads it on
/// its step, encrypted (name and bytes, bound to the row), and referenced from the form's value as
/// `att:<id>.<token>`; the token proves the uploader's page carries it (only its hash is stored).
/// Submitting binds it to the application; unbound uploads are deleted by the retention job.
public final class FormAttachment: Model, @unchecked Sendable {
    public static let schema = "form_attachments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "form_id") public var formID: String
    @Field(key: "field_id") public var fieldID: String
    @OptionalField(key: "application_id") public var applicationID: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    /// `pdf`, `png` or `jpeg`, from the file's first bytes.
    @Field(key: "kind") public var kind: String
    @Field(key: "size") public var size: Int
    @Field(key: "content") public var contentCiphertext: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    struct Content: Codable {
        var filename: String
        var base64: String
    }

    func binding() -> FieldBinding {
        FieldBinding(table: Self.schema, column: "content", recordID: FieldBinding.recordID(id ?? UUID()))
    }

    public var mediaType: String {
        switch kind {
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        default: return "image/jpeg"
        }
    }
}
