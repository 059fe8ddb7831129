import Catalog
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
    /// 0 re-encrypted on a second run, old keys can leave the ring. One line per table, by name; a
    /// table with a keyed index also says how many index values were re-keyed, and how many could
    /// not be because another row already holds the address under the current key.
    public static func rotateFieldKeys(_ app: Application) async throws -> [String] {
        let cipher = app.madoguchi.cipher
        let results = try await RetentionJob.rotateOnce(DeclaredJobs.context(app: app))
        return results.sorted { $0.table < $1.table }.map {
            var line = "\($0.table): \($0.result.examined) examined, \($0.result.reencrypted) re-encrypted under \(cipher.keyRing.currentKeyID)"
            if $0.result.reindexed > 0 { line += ", \($0.result.reindexed) re-indexed" }
            if $0.result.duplicateIndexes > 0 { line += ", \($0.result.duplicateIndexes) left under an older key (another row holds the value)" }
            return line
        }
    }

    /// Adds `count` generated published datasets to the demo municipality, for load tests (the HTTP
    /// benchmark at 100,000 datasets). Refuses a store without the demo municipality, so it cannot
    /// fill a real city's catalogue by mistake. Returns a line to print.
    public static func addSyntheticDatasets(_ app: Application, count: Int) async throws -> String {
        guard (1...SyntheticCatalog.maximumCount).contains(count) else {
            throw MaintenanceError("the count must be between 1 and \(SyntheticCatalog.maximumCount)")
        }
        guard let demo = try await app.madoguchi.municipalities.find(code: DemoMunicipality.draft.code, on: app.db) else {
            throw MaintenanceError("this store has no demo municipality (\(DemoMunicipality.draft.code)); generated datasets go only there")
        }
        let departments = try await app.madoguchi.departments.list(of: demo.requireID(), on: app.db)
        guard let department = departments.first else { throw MaintenanceError("the demo municipality has no department") }
        let existing = try await SyntheticCatalog.count(municipalityID: demo.requireID(), on: app.db)
        let added = try await SyntheticCatalog.add(count: count, startingAt: existing, municipalityID: demo.requireID(),
                                                   departmentID: department.requireID(), on: app.db)
        return "\(added) generated datasets added to \(demo.code) (\(existing + added) in all)"
    }
}

/// A maintenance command that cannot run as asked, with the reason to print.
public struct MaintenanceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
