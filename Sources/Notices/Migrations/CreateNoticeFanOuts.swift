import FluentKit
import MadoguchiCore

/// notices.0008: notice publications and alert messages waiting to be (or being) sent to
/// subscribers, one per source.
struct CreateNoticeFanOuts: AsyncMigration {
    var name: String { "notices.0008.create_fanouts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(NoticeFanOut.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("source", .string, .required)
            .field("kind", .string, .required)
            .field("category", .string)
            .field("area_codes", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("due_at", .datetime, .required)
            .field("cursor", .uuid)
            .field("queued", .int, .required)
            .field("done_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "source")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NoticeFanOut.schema).delete()
    }
}
