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
