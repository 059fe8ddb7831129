import Counter
import Forms
import Foundation
import MadoguchiCore
import Privacy
import Vapor

/// The retention job: every `MADOGUCHI_RETENTION_INTERVAL_SECONDS`, deletes personal records past
/// their declared retention (privacy requests, saved counter sessions, applications), audited with
/// counts, then re-encrypts any record not yet under the current field key. A database lease makes
/// the purge safe on every instance; rotation is idempotent (a record already current is skipped).
enum RetentionJob {
    /// Every module's expiring personal records.
    static let targets: [any RetentionTarget] = [PrivacyRequestRetention(), CounterSessionRetention(), FormApplicationRetention(), FormMailRetention()]

    static func purge(_ services: MadoguchiServices, holder: String) throws -> RetentionPurge {
        try RetentionPurge(manifests: services.manifests, targets: targets, audit: services.audit,
                           lease: DatabaseLease(name: "retention", holder: holder))
    }

    /// Runs the purge once (the job's loop and `madoguchi privacy purge` both call this).
    static func runOnce(app: Application, now: Date = Date()) async throws -> RetentionPurge.Outcome {
        try await purge(app.madoguchi, holder: instanceID).runOnce(on: app.db, now: now)
    }

    static let instanceID = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
}

/// Starts and stops the job's loop with the application.
final class RetentionJobLifecycle: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    let interval: Int

    init(interval: Int) { self.interval = interval }

    func didBootAsync(_ app: Application) async throws {
        guard interval > 0 else { return }
        let interval = self.interval
        let logger = app.logger
        let started = Task {
            while !Task.isCancelled {
                do {
                    let outcome = try await RetentionJob.runOnce(app: app)
                    if case .purged(let counts) = outcome, counts.values.contains(where: { $0 > 0 }) {
                        logger.notice("retention purge", metadata: ["deleted": .string(counts.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ","))])
                    }
                } catch {
                    logger.error("retention purge failed", metadata: ["error": .string(String(describing: type(of: error)))])
                }
                // Key rotation in the background: records not yet under the current key are
                // re-encrypted in batches (nothing to do once every record is current).
                do {
                    let lines = try await Maintenance.rotateFieldKeys(app)
                    if lines.contains(where: { !$0.contains(" 0 re-encrypted") }) {
                        logger.notice("field keys rotated", metadata: ["result": .string(lines.joined(separator: "; "))])
                    }
                } catch {
                    logger.error("field key rotation failed", metadata: ["error": .string(String(describing: type(of: error)))])
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        lock.withLock { task = started }
    }

    func shutdownAsync(_ app: Application) async {
        lock.withLock { task }?.cancel()
    }
}
