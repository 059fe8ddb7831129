import Foundation
import MadoguchiCore
import Privacy
import Vapor

/// The retention job: every `MADOGUCHI_RETENTION_INTERVAL_SECONDS`, deletes personal records past
/// their declared retention (the retention targets every module manifest declares), audited with
/// counts, then re-encrypts any declared encrypted column not yet under the current field key. A database lease makes
/// the purge safe on every instance; rotation is idempotent (a record already current is skipped).
enum RetentionJob {
    /// Every module's expiring personal records, as the manifests declare them.
    static func purge(_ services: MadoguchiServices, holder: String) throws -> RetentionPurge {
        try RetentionPurge(manifests: services.manifests, audit: services.audit, lease: DatabaseLease(name: "retention", holder: holder))
    }

    /// Runs the purge once (the job's loop and `madoguchi privacy purge` both call this).
    static func runOnce(app: Application, now: Date = Date()) async throws -> RetentionPurge.Outcome {
        try await purgeExpiredSessions(app: app, now: now)
        return try await purge(app.madoguchi, holder: instanceID).runOnce(on: app.db, now: now)
    }

    /// Deletes staff sessions past their idle or absolute timeout (one DELETE, safe on every
    /// instance without the lease; a session is refused on use as soon as it expires anyway).
    @discardableResult
    static func purgeExpiredSessions(app: Application, now: Date = Date()) async throws -> Int {
        let configuration = app.madoguchi.configuration
        let sessions = StaffSessions(idleTimeout: configuration.sessionIdleTimeout,
                                     absoluteTimeout: configuration.sessionAbsoluteTimeout, now: { now })
        let deleted = try await sessions.purgeExpired(on: app.db)
        if deleted > 0 { app.logger.notice("expired staff sessions deleted", metadata: ["deleted": .stringConvertible(deleted)]) }
        return deleted
    }

    static let instanceID = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"

    /// One round of the background job: the purge, then key rotation in batches (records not yet
    /// under the current key are re-encrypted; nothing to do once every record is current).
    static func runRound(app: Application) async {
        let logger = app.logger
        do {
            let outcome = try await runOnce(app: app)
            if case .purged(let counts) = outcome, counts.values.contains(where: { $0 > 0 }) {
                logger.notice("retention purge", metadata: ["deleted": .string(counts.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ","))])
            }
        } catch {
            logger.error("retention purge failed", metadata: ["error": .string(String(describing: type(of: error)))])
        }
        do {
            let lines = try await Maintenance.rotateFieldKeys(app)
            if lines.contains(where: { !$0.contains(" 0 re-encrypted") }) {
                logger.notice("field keys rotated", metadata: ["result": .string(lines.joined(separator: "; "))])
            }
        } catch {
            logger.error("field key rotation failed", metadata: ["error": .string(String(describing: type(of: error)))])
        }
    }
}
