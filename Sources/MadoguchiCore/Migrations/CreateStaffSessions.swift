import FluentKit
import SQLKit

/// `core.0005`: the staff session table (replaces Vapor's `_fluent_sessions`, which kept
/// plaintext session ids and a row for every anonymous visitor; that table is dropped).
public struct CreateStaffSessions: AsyncMigration {
    public var name: String { "core.0005.create_staff_sessions" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(StaffSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("staff_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX staff_sessions_staff_id ON staff_sessions (staff_id)").run()
            try await sql.raw("DROP TABLE IF EXISTS _fluent_sessions").run()
        }
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(StaffSession.schema).delete()
    }
}
