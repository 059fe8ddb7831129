import FluentKit
import Foundation
import Logging
import MadoguchiCore

/// The retention job, declared in the privacy module's manifest: every
/// `MADOGUCHI_RETENTION_INTERVAL_SECONDS`, it deletes personal records past their declared
/// retention (every retention target of every manifest in the job's context), audited with counts,
/// then re-encrypts any declared encrypted column not yet under the current field key. A database
/// lease makes the purge safe on every instance; rotation is idempotent (a record already current
/// is skipped).
public enum RetentionJob {
    public static let declaration = BackgroundJobDeclaration(name: "privacy.retention",
                                                             intervalSetting: "MADOGUCHI_RETENTION_INTERVAL_SECONDS") { context in
        try await runRound(context)
    }

    /// Identifies this process as a lease holder.
    public static let instanceID = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"

    /// The purge once (the job and `madoguchi privacy purge` both call this).
    public static func purgeOnce(_ context: BackgroundJobContext) async throws -> RetentionPurge.Outcome {
        let purge = try RetentionPurge(manifests: context.manifests, audit: try context.requireAudit(for: declaration.name),
                                       lease: DatabaseLease(name: "retention", holder: instanceID))
        return try await purge.runOnce(on: context.database, now: context.now)
    }

    /// Re-encrypts every declared column's values not under the current key; one line per table.
    public static func rotateOnce(_ context: BackgroundJobContext) async throws -> [(table: String, result: FieldKeyRotation.Result)] {
        let cipher = try context.require(FieldCipher.self, for: declaration.name)
        return try await FieldKeyRotation.rotate(context.manifests.flatMap(\.encryptedColumns), cipher: cipher,
                                                 audit: try context.requireAudit(for: declaration.name), on: context.database)
    }

    /// One round: the purge, then key rotation in batches. Each half logs its own failure, so a
    /// failed purge does not hold back rotation.
    public static func runRound(_ context: BackgroundJobContext) async throws {
        let logger = context.logger
        do {
            if case .purged(let counts) = try await purgeOnce(context), counts.values.contains(where: { $0 > 0 }) {
                logger.notice("retention purge", metadata: ["deleted": .string(counts.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ","))])
            }
        } catch {
            logger.error("retention purge failed", metadata: ["error": .string(String(describing: type(of: error)))])
        }
        do {
            let results = try await rotateOnce(context)
            if results.contains(where: { $0.result.reencrypted > 0 }) {
                logger.notice("field keys rotated", metadata: ["result": .string(results.map { "\($0.table)=\($0.result.reencrypted)" }.sorted().joined(separator: ","))])
            }
        } catch {
            logger.error("field key rotation failed", metadata: ["error": .string(String(describing: type(of: error)))])
        }
    }
}
