import FluentKit
import MadoguchiCore

/// notices.0009: the files attached to notices. The bytes live in the blob store under their
/// SHA-256; a row says which revisions of its notice the file belongs to.
struct CreateNoticeAttachments: AsyncMigration {
    var name: String { "notices.0009.create_attachments" }

    func prepare(on database: any Database) async throws {
        try await database.schema(NoticeAttachment.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("notice_id", .uuid, .required, .references(Notice.schema, .id))
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("added_in_revision", .int, .required)
            .field("removed_in_revision", .int)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NoticeAttachment.schema).delete()
    }
}
