import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// The in-memory search snapshots of this process, one per municipality, each labelled with the
/// catalogue version it was built at (`catalog_search_versions`, raised by triggers in the writing
/// transaction). Every search reads the version first (one primary-key row) and uses the snapshot
/// only when it matches, so a write on any instance is seen by the next search everywhere. A
/// stale snapshot is rebuilt once, shared by the searches that wait for it.
public actor SearchSnapshots {
    static let versionsTable = "catalog_search_versions"

    /// This process's snapshots, which `DatasetSearch.run` uses.
    public static let shared = SearchSnapshots()

    /// A separate set of snapshots, as another instance of the server holds (tests).
    public init() {}

    struct Version: Hashable {
        let token: String
        let version: Int64
    }

    private struct Entry {
        let version: Version
        let task: Task<SearchSnapshot, any Error>
        var ready: SearchSnapshot?
    }

    private var entries: [UUID: Entry] = [:]

    /// Catalogues up to this many published datasets are rebuilt while the search waits (well under
    /// a second); larger ones are rebuilt in the background while searches take the SQL path.
    static let waitLimit = 10_000

    /// How many snapshots were built (for tests that check a write makes a new one).
    public private(set) var builds = 0

    /// The snapshot at the catalogue's current version. When the version moved it is rebuilt; unless
    /// `wait`, a large catalogue's search gets nil meanwhile and answers from SQL.
    func snapshot(municipalityID: UUID, wait: Bool, on database: any Database) async throws -> SearchSnapshot? {
        let version = try await Self.version(municipalityID: municipalityID, on: database)
        if let entry = entries[municipalityID], entry.version == version {
            if let ready = entry.ready { return ready }
            return wait ? try await entry.task.value : nil
        }
        let size: Int
        if let previous = entries[municipalityID]?.ready {
            size = previous.ids.count
        } else {
            size = try await Dataset.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$state == .published).count()
        }
        builds += 1
        let task = Task { try await SearchSnapshotLoader.load(municipalityID: municipalityID, on: database) }
        entries[municipalityID] = Entry(version: version, task: task, ready: nil)
        let waiter = Task { await self.finish(municipalityID, version, task) }
        guard wait || size <= Self.waitLimit else { return nil }
        _ = await waiter.value
        return try await task.value
    }

    private func finish(_ municipalityID: UUID, _ version: Version, _ task: Task<SearchSnapshot, any Error>) async {
        let snapshot = try? await task.value
        guard entries[municipalityID]?.version == version else { return }
        if let snapshot { entries[municipalityID]?.ready = snapshot } else { entries[municipalityID] = nil }
    }

    /// The relevance-ordered search from the snapshot, waiting for it to be built (tests, the benchmark).
    public func run(_ query: SearchQuery, municipalityID: UUID, on database: any Database) async throws -> DatasetSearch.Result {
        let snapshot = try await snapshot(municipalityID: municipalityID, wait: true, on: database)!
        return snapshot.run(query, terms: DatasetSearch.queryTerms(query.text))
    }

    /// The search from a current snapshot, or nil when a large catalogue's snapshot is still being built.
    func runIfReady(_ query: SearchQuery, municipalityID: UUID, on database: any Database) async throws -> DatasetSearch.Result? {
        guard let snapshot = try await snapshot(municipalityID: municipalityID, wait: false, on: database) else { return nil }
        return snapshot.run(query, terms: DatasetSearch.queryTerms(query.text))
    }

    /// Forgets every snapshot (a test database going away).
    public func removeAll() { entries.removeAll() }

    static func version(municipalityID: UUID, on database: any Database) async throws -> Version {
        let sql = try database.sql(for: "the catalogue")
        guard let row = try await sql.raw("SELECT token, version FROM \(ident: versionsTable) WHERE municipality_id = \(bind: municipalityID)").first() else {
            return Version(token: "", version: 0)
        }
        return Version(token: try row.decode(column: "token", as: String.self), version: try row.decode(column: "version", as: Int64.self))
    }
}
