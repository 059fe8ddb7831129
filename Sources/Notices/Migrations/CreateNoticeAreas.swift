import FluentKit
import MadoguchiCore

/// notices.0001: the districts (町丁・地区) notices and alerts target.
struct CreateNoticeAreas: AsyncMigration {
    var name: String { "notices.0001.create_areas" }

    func prepare(on database: any Database) async throws {
        try await database.schema(NoticeArea.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("households", .int)
            .field("population", .int)
            .unique(on: "municipality_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NoticeArea.schema).delete()
    }
}
