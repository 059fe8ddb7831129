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

    /// About how many postings one statement of a whole build reads (`SearchSnapshotLoader.postingsPerStatement`).
    private let postingsPerStatement: Int

    /// A separate set of snapshots, as another instance of the server holds (tests); a whole build
    /// reads about `postingsPerStatement` postings per statement.
    public init(postingsPerStatement: Int = SearchSnapshotLoader.postingsPerStatement) {
        self.postingsPerStatement = max(1, postingsPerStatement)
    }

    struct Version: Hashable {
        let token: String
        let version: Int64
    }

    private struct Entry {
        let version: Version
        /// Nil when an update could not be made from the change log (the caller then builds it whole).
        let task: Task<SearchSnapshot?, any Error>
        var ready: SearchSnapshot?
        /// An update of the previous snapshot (a few small statements): searches wait for it.
        let isUpdate: Bool
    }

    private var entries: [UUID: Entry] = [:]

    /// Catalogues up to this many published datasets are rebuilt while the search waits (well under
    /// a second); larger ones are rebuilt in the background while searches take the SQL path.
    static let waitLimit = 10_000

    /// How many snapshots were built whole, and how many were updated from the change log (tests).
    public private(set) var builds = 0
    public private(set) var updates = 0

    /// The snapshot at the catalogue's current version. When the version moved, the previous snapshot
    /// is updated with the datasets the change log names, while the search waits; when the log cannot
    /// say (too far behind, another database) or too much has changed, it is rebuilt whole — unless
    /// `wait`, a large catalogue's search gets nil meanwhile and answers from SQL.
    func snapshot(municipalityID: UUID, wait: Bool, on database: any Database) async throws -> SearchSnapshot? {
        let version = try await Self.version(municipalityID: municipalityID, on: database)
        if let entry = entries[municipalityID], entry.version == version {
            if let ready = entry.ready { return ready }
            guard wait || entry.isUpdate else { return nil }
            if let snapshot = try await entry.task.value { return snapshot }
            // The update could not be made: build it whole (once: `finish` acts only on the entry of its task).
            await finish(municipalityID, entry.task, on: database)
            return try await snapshot(municipalityID: municipalityID, wait: wait, on: database)
        }
        if let previous = entries[municipalityID], let ready = previous.ready, previous.version.token == version.token,
           previous.version.version < version.version {
            updates += 1
            let from = previous.version
            let task = Task { try await SearchSnapshotLoader.update(ready, municipalityID: municipalityID, from: from.version, to: version.version, on: database) }
            entries[municipalityID] = Entry(version: version, task: task, ready: nil, isUpdate: true)
            await finish(municipalityID, task, on: database)
            return try await snapshot(municipalityID: municipalityID, wait: wait, on: database)
        }
        let size: Int
        if let previous = entries[municipalityID]?.ready {
            size = previous.liveCount
        } else {
            size = try await Dataset.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$state == .published).count()
        }
        let task = rebuild(municipalityID, version, on: database)
        guard wait || size <= Self.waitLimit else { return nil }
        return try await task.value
    }

    /// Starts building the snapshot whole for `version`.
    private func rebuild(_ municipalityID: UUID, _ version: Version, on database: any Database) -> Task<SearchSnapshot?, any Error> {
        builds += 1
        let postingsPerStatement = postingsPerStatement
        let task = Task<SearchSnapshot?, any Error> {
            try await SearchSnapshotLoader.load(municipalityID: municipalityID, on: database, postingsPerStatement: postingsPerStatement)
        }
        entries[municipalityID] = Entry(version: version, task: task, ready: nil, isUpdate: false)
        Task { await self.finish(municipalityID, task, on: database) }
        return task
    }

    /// Records what `task` made, if its entry is still the current one: the snapshot, or for an
    /// update that could not be made a whole rebuild, or for a failed build nothing (the next search retries).
    private func finish(_ municipalityID: UUID, _ task: Task<SearchSnapshot?, any Error>, on database: any Database) async {
        let snapshot = try? await task.value
        guard let entry = entries[municipalityID], entry.task == task, entry.ready == nil else { return }
        if let snapshot {
            entries[municipalityID]?.ready = snapshot
        } else if entry.isUpdate {
            _ = rebuild(municipalityID, entry.version, on: database)
        } else {
            entries[municipalityID] = nil
        }
    }

    /// The relevance-ordered search from the snapshot, waiting for it to be built (tests, the benchmark).
    public func run(_ query: SearchQuery, municipalityID: UUID, on database: any Database) async throws -> DatasetSearch.Result {
        guard let snapshot = try await snapshot(municipalityID: municipalityID, wait: true, on: database) else {
            throw CatalogError(.internalFailure, ja: "検索の準備ができませんでした", en: "The search snapshot could not be built")
        }
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
