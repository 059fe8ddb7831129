import FluentKit
import Foundation
import Logging

/// Server-side session lifetimes for staff: a session ends after `idleTimeout` without a request
/// or `absoluteTimeout` after sign-in, whichever comes first, whatever the cookie says. The
/// caller hashes the cookie value; this type never sees it.
public struct StaffSessions: Sendable {
    /// Default idle timeout: 30 minutes.
    public static let defaultIdleTimeout: TimeInterval = 30 * 60
    /// Default absolute timeout: 8 hours (one working day).
    public static let defaultAbsoluteTimeout: TimeInterval = 8 * 3600
    /// `last_seen_at` is written at most this often, so a busy page is not one write per request.
    static let touchInterval: TimeInterval = 60

    public let idleTimeout: TimeInterval
    public let absoluteTimeout: TimeInterval
    let now: @Sendable () -> Date

    public init(idleTimeout: TimeInterval = defaultIdleTimeout, absoluteTimeout: TimeInterval = defaultAbsoluteTimeout,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.now = now
    }

    /// Stores a new session for a member who has just signed in.
    @discardableResult
    public func start(staffID: UUID, tokenHash: String, on db: any Database) async throws -> StaffSession {
        let session = StaffSession(tokenHash: tokenHash, staffID: staffID, at: now())
        try await session.create(on: db)
        return session
    }

    /// The live session with this hash, its last use recorded; nil when there is none or it has
    /// expired (an expired row is deleted on the spot).
    public func resume(tokenHash: String, on db: any Database) async throws -> StaffSession? {
        guard let session = try await StaffSession.query(on: db).filter(\.$tokenHash == tokenHash).first() else { return nil }
        let now = now()
        if isExpired(session, at: now) {
            try await session.delete(on: db)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) >= Self.touchInterval {
            session.lastSeenAt = now
            try await session.update(on: db)
        }
        return session
    }

    func isExpired(_ session: StaffSession, at now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeenAt) >= idleTimeout || now.timeIntervalSince(session.createdAt) >= absoluteTimeout
    }

    /// Ends one session (sign-out, or the old session when a new one replaces it).
    public func end(tokenHash: String, on db: any Database) async throws {
        try await StaffSession.query(on: db).filter(\.$tokenHash == tokenHash).delete()
    }

    /// A member's live sessions, most recently used first (the member's own "where am I signed in").
    public func live(staffID: UUID, on db: any Database) async throws -> [StaffSession] {
        let now = now()
        return try await StaffSession.query(on: db).filter(\.$staffID == staffID).sort(\.$lastSeenAt, .descending).all()
            .filter { !isExpired($0, at: now) }
    }

    /// Ends one of a member's own sessions; false when it is not theirs or already gone.
    public func end(sessionID: UUID, staffID: UUID, on db: any Database) async throws -> Bool {
        let query = StaffSession.query(on: db).filter(\.$id == sessionID).filter(\.$staffID == staffID)
        guard try await query.count() > 0 else { return false }
        try await StaffSession.query(on: db).filter(\.$id == sessionID).filter(\.$staffID == staffID).delete()
        return true
    }

    /// Ends every session of a member except the one with `keeping` (sign out everywhere else); returns how many.
    @discardableResult
    public func endOthers(staffID: UUID, keeping tokenHash: String, on db: any Database) async throws -> Int {
        let others = StaffSession.query(on: db).filter(\.$staffID == staffID).filter(\.$tokenHash != tokenHash)
        let count = try await others.count()
        try await StaffSession.query(on: db).filter(\.$staffID == staffID).filter(\.$tokenHash != tokenHash).delete()
        return count
    }

    /// Ends every session of a member: after a password change, a role change or deactivation.
    public static func revokeAll(staffID: UUID, on db: any Database) async throws {
        try await StaffSession.query(on: db).filter(\.$staffID == staffID).delete()
    }

    /// Deletes sessions past either timeout (the retention job calls this); returns how many.
    @discardableResult
    public func purgeExpired(on db: any Database) async throws -> Int {
        let now = now()
        let idleCutoff = now.addingTimeInterval(-idleTimeout)
        let absoluteCutoff = now.addingTimeInterval(-absoluteTimeout)
        let expired = StaffSession.query(on: db).group(.or) {
            $0.filter(\.$lastSeenAt <= idleCutoff).filter(\.$createdAt <= absoluteCutoff)
        }
        let count = try await expired.count()
        if count > 0 {
            try await StaffSession.query(on: db).group(.or) {
                $0.filter(\.$lastSeenAt <= idleCutoff).filter(\.$createdAt <= absoluteCutoff)
            }.delete()
        }
        return count
    }
}

extension StaffSessions {
    /// The background job that deletes expired staff sessions (one DELETE, safe on every instance
    /// without a lease: a session is refused on use as soon as it expires anyway). It runs with the
    /// retention purge, at `MADOGUCHI_RETENTION_INTERVAL_SECONDS`.
    public static let purgeJob = BackgroundJobDeclaration(name: "core.staff_sessions.purge",
                                                          intervalSetting: "MADOGUCHI_RETENTION_INTERVAL_SECONDS") { context in
        _ = try await purgeOnce(context)
    }

    /// One round of `purgeJob`: the number of sessions deleted, logged when any were.
    @discardableResult
    public static func purgeOnce(_ context: BackgroundJobContext) async throws -> Int {
        let configuration = try context.requireConfiguration(for: purgeJob.name)
        let now = context.now
        let sessions = StaffSessions(idleTimeout: configuration.sessionIdleTimeout,
                                     absoluteTimeout: configuration.sessionAbsoluteTimeout, now: { now })
        let deleted = try await sessions.purgeExpired(on: context.database)
        if deleted > 0 { context.logger.notice("expired staff sessions deleted", metadata: ["deleted": .stringConvertible(deleted)]) }
        return deleted
    }
}
