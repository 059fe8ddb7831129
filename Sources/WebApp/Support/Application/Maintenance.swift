import Foundation
import MadoguchiCore
import Privacy
import Vapor

/// One-shot maintenance the command line runs against a configured application.
public enum Maintenance {
    /// Deletes personal records past their retention now (what the background job does hourly);
    /// returns a line per file, or nil when another instance holds the job's lease.
    public static func purgeExpired(_ app: Application) async throws -> [String]? {
        switch try await RetentionJob.runOnce(app: app) {
        case .skipped: return nil
        case .purged(let counts): return counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) deleted" }
        }
    }

    /// Re-encrypts every personal field not yet under the current key: every encrypted column the
    /// module manifests declare, table by table, in batches (resumable). When every line reports
    /// 0 re-encrypted on a second run, old keys can leave the ring. One line per table, by name.
    public static func rotateFieldKeys(_ app: Application) async throws -> [String] {
        let cipher = app.madoguchi.cipher
        let results = try await RetentionJob.rotateOnce(DeclaredJobs.context(app: app))
        return results.sorted { $0.table < $1.table }.map {
            "\($0.table): \($0.result.examined) examined, \($0.result.reencrypted) re-encrypted under \(cipher.keyRing.currentKeyID)"
        }
    }
}
