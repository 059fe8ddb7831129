import FluentKit

/// counter.0001: the saved sessions table.
struct CreateCounterSessions: AsyncMigration {
    var name: String { "counter.0001.create_sessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CounterSession.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("reference", .string, .required)
            .field("life_event", .string, .required)
            .field("opened_by", .uuid)
            .field("content", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "municipality_id", "reference")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CounterSession.schema).delete()
    }
}
