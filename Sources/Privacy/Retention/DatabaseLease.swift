import FluentKit
import Foundation

/// A time-limited lease in the `privacy_leases` table, so that of several instances only one runs
/// a job at a time. A crashed holder loses the lease when it expires; the holder renews by
/// acquiring again.
public struct DatabaseLease: Sendable {
    public let name: String
    /// Identifies this instance (host and process, or a UUID per process).
    public let holder: String
    public let duration: TimeInterval

    public init(name: String, holder: String, duration: TimeInterval = 600) {
        self.name = name
        self.holder = holder
        self.duration = duration
    }

    /// True when this instance now holds the lease.
    public func acquire(on database: any Database, now: Date = Date()) async throws -> Bool {
        let nowMs = Int64(now.timeIntervalSince1970 * 1000)
        let until = nowMs + Int64(duration * 1000)
        if try await PrivacyLease.find(name, on: database) == nil {
            do {
                try await PrivacyLease(name: name, holder: holder, expiresAtMilliseconds: until).create(on: database)
                return true
            } catch {
                // Another instance created the row first; fall through to the conditional update.
            }
        }
        // One statement: the database applies it to at most one of the competing instances.
        try await PrivacyLease.query(on: database)
            .filter(\.$id == name)
            .group(.or) { $0.filter(\.$expiresAtMilliseconds < nowMs).filter(\.$holder == holder) }
            .set(\.$holder, to: holder)
            .set(\.$expiresAtMilliseconds, to: until)
            .update()
        guard let row = try await PrivacyLease.find(name, on: database) else { return false }
        return row.holder == holder && row.expiresAtMilliseconds == until
    }

    /// Gives the lease up early so the next run need not wait for it to expire.
    public func release(on database: any Database) async throws {
        try await PrivacyLease.query(on: database).filter(\.$id == name).filter(\.$holder == holder)
            .set(\.$expiresAtMilliseconds, to: 0).update()
    }
}
