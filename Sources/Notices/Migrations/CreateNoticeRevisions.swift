import FluentKit
import MadoguchiCore

/// notices.0003: every published text of a notice, kept when it is corrected.
struct CreateNoticeRevisions: AsyncMigration {
    var name: String { "notices.0003.create_revisions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(NoticeRevision.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("notice_id", .uuid, .required, .references(Notice.schema, .id))
            .field("revision", .int, .required)
            .field("category", .string, .required)
            .field("area_codes", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("title_easy", .string)
            .field("body_easy", .string)
            .field("title_en", .string)
            .field("body_en", .string)
            .field("note", .string, .required)
            .field("saved_by", .string, .required)
            .field("saved_at", .datetime, .required)
            .unique(on: "notice_id", "revision")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NoticeRevision.schema).delete()
    }
}
