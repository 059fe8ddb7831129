import FluentKit
import MadoguchiCore

/// notices.0002: notices (お知らせ) as they stand now; their history is in `notices_revisions`.
struct CreateNotices: AsyncMigration {
    var name: String { "notices.0002.create_notices" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Notice.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("department_id", .uuid, .references(Department.schema, .id))
            .field("category", .string, .required)
            .field("area_codes", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("title_easy", .string)
            .field("body_easy", .string)
            .field("title_en", .string)
            .field("body_en", .string)
            .field("state", .string, .required)
            .field("publish_at", .datetime)
            .field("expires_at", .datetime)
            .field("published_at", .datetime)
            .field("corrected_at", .datetime)
            .field("revision", .int, .required)
            .field("created_by", .string, .required)
            .field("approval_requested_by", .string)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Notice.schema).delete()
    }
}
