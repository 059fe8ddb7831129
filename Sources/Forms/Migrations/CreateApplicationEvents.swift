import FluentKit

/// forms.0002: the status history.
struct CreateApplicationEvents: AsyncMigration {
    var name: String { "forms.0002.create_application_events" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ApplicationEvent.schema)
            .id()
            .field("application_id", .uuid, .required)
            .field("status", .string, .required)
            .field("comment", .string, .required)
            .field("staff_id", .uuid)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApplicationEvent.schema).delete()
    }
}
