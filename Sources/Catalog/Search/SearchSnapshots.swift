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

    private var entries: [UUID: (version: Version, task: Task<SearchSnapshot, any Error>)] = [:]

    /// How many snapshots were built (for tests that check a write makes a new one).
    public private(set) var builds = 0

    /// The snapshot at the catalogue's current version, building it when the version moved.
    func snapshot(municipalityID: UUID, on database: any Database) async throws -> SearchSnapshot {
        let version = try await Self.version(municipalityID: municipalityID, on: database)
        if let entry = entries[municipalityID], entry.version == version {
            return try await entry.task.value
        }
        builds += 1
        let task = Task { try await SearchSnapshotLoader.load(municipalityID: municipalityID, on: database) }
        entries[municipalityID] = (version, task)
        do {
            return try await task.value
        } catch {
            if entries[municipalityID]?.version == version { entries[municipalityID] = nil }
            throw error
        }
    }

    /// The relevance-ordered search from the snapshot (`DatasetSearch.run` decides when it applies).
    public func run(_ query: SearchQuery, municipalityID: UUID, on database: any Database) async throws -> DatasetSearch.Result {
        let snapshot = try await snapshot(municipalityID: municipalityID, on: database)
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
