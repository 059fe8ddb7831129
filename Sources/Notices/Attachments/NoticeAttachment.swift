import FluentKit
import Foundation
import MadoguchiCore

/// A file attached to a notice (a PDF flyer, a map, a CSV table). The bytes are a blob in the
/// application's blob store, keyed by `sha256`; the row never goes away once its notice has been
/// published with it, so every revision keeps the files it was published with.
///
/// A published notice shows revision `r`: a file belongs to it when `addedInRevision <= r` and it
/// was not removed by `r` (`removedInRevision` nil or greater). Staff changes to a published notice
/// name the next revision, so they reach residents with the next correction (訂正), never before.
public final class NoticeAttachment: Model, @unchecked Sendable {
    public static let schema = "notices_attachments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "notice_id") public var noticeID: UUID
    /// The sanitised name shown and sent in Content-Disposition (`SafeFileName`); never in a URL.
    @Field(key: "file_name") public var fileName: String
    /// One of `AttachmentRules.allowedTypes`, decided from the bytes.
    @Field(key: "content_type") public var contentType: String
    @Field(key: "size") public var size: Int64
    @Field(key: "sha256") public var sha256: String
    /// The first revision of the notice that carries the file (1 for a draft's files).
    @Field(key: "added_in_revision") public var addedInRevision: Int
    /// The first revision that no longer carries it; nil while it stays.
    @OptionalField(key: "removed_in_revision") public var removedInRevision: Int?
    @Field(key: "uploaded_by") public var uploadedBy: String
    @Field(key: "uploaded_at") public var uploadedAt: Date

    public init() {}

    /// Whether revision `revision` of the notice carries this file.
    public func belongs(toRevision revision: Int) -> Bool {
        addedInRevision <= revision && (removedInRevision.map { $0 > revision } ?? true)
    }

    /// The kind of file, as shown beside its link (「PDF」「CSV」…).
    public var typeLabel: String { AttachmentRules.label(of: contentType) }
}
