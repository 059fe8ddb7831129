import FluentKit
import Foundation
import SQLKit

/// A signed-in staff member's session (ログインセッション). Only the SHA-256 hash of the cookie
/// value is stored, so a copy of the table cannot be replayed as cookies; the staff id lets every
/// session of one member be revoked at once (password, role or deactivation change).
public final class StaffSession: Model, @unchecked Sendable {
    public static let schema = "staff_sessions"

    @ID(key: .id) public var id: UUID?
    /// Lower-case hex SHA-256 of the cookie value.
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "staff_id") public var staffID: UUID
    /// When the member signed in: the absolute timeout counts from here.
    @Field(key: "created_at") public var createdAt: Date
    /// The last request seen (at most a minute stale): the idle timeout counts from here.
    @Field(key: "last_seen_at") public var lastSeenAt: Date

    public init() {}

    public init(tokenHash: String, staffID: UUID, at now: Date) {
        self.tokenHash = tokenHash
        self.staffID = staffID
        self.createdAt = now
        self.lastSeenAt = now
    }
}

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
