import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// The live figures the Indicators module reads (オープンデータ公開数, ダウンロード数), without importing the catalogue's models.
public protocol CatalogFigures: Sendable {
    func publishedDatasetCount(municipalityID: UUID, on db: any Database) async throws -> Int
    func publishedResourceCountsByFormat(municipalityID: UUID, on db: any Database) async throws -> [String: Int]
    func publishedDatasetCountsByStandardDataset(municipalityID: UUID, on db: any Database) async throws -> [String: Int]
    /// Downloads per month (`2025-04` → count).
    func downloadsByMonth(municipalityID: UUID, on db: any Database) async throws -> [String: Int]
}

/// The catalogue's answers, computed from its tables.
public struct CatalogFigureSource: CatalogFigures {
    public init() {}

    public func publishedDatasetCount(municipalityID: UUID, on db: any Database) async throws -> Int {
        try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state == .published).count()
    }

    public func publishedResourceCountsByFormat(municipalityID: UUID, on db: any Database) async throws -> [String: Int] {
        let rows = try await db.sql(for: "the catalogue").raw("""
            SELECT r.format AS format, COUNT(*) AS n FROM \(ident: Resource.schema) r JOIN \(ident: Dataset.schema) d ON d.id = r.dataset_id \
            WHERE d.municipality_id = \(bind: municipalityID) AND d.state = \(bind: "published") AND r.deleted = \(bind: false) GROUP BY r.format
            """).all()
        return try Dictionary(uniqueKeysWithValues: rows.map { (try $0.decode(column: "format", as: String.self), try $0.decode(column: "n", as: Int.self)) })
    }

    public func publishedDatasetCountsByStandardDataset(municipalityID: UUID, on db: any Database) async throws -> [String: Int] {
        let datasets = try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state == .published)
            .filter(\.$standardDataset != nil).all()
        return datasets.reduce(into: [:]) { $0[$1.standardDataset!, default: 0] += 1 }
    }

    public func downloadsByMonth(municipalityID: UUID, on db: any Database) async throws -> [String: Int] {
        let rows = try await DownloadCount.query(on: db).filter(\.$municipalityID == municipalityID).all()
        return rows.reduce(into: [:]) { $0[$1.month, default: 0] += $1.count }
    }
}

/// Counts a download; called by the HTTP layer when a resource file is served.
///
/// A download counts once per client per day (JST): the open-data indicator counts people who took the
/// data, not requests (a crawler or a reload would inflate it). The HTTP layer passes `client`, an
/// opaque keyed hash of the client's address and user agent, never the address itself, and
/// `olderClients`, the same client's hashes under the older keys of its ring (a client counted before
/// the keys changed that day is not counted again); the markers are kept for the current day only.
public enum DownloadCounter {
    /// Returns whether this download was counted (false: the same client already took the file today).
    @discardableResult
    public static func record(resource: Resource, client: String, olderClients: [String] = [], at date: Date = Date(),
                              on db: any Database) async throws -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let month = String(format: "%04d-%02d", c.year!, c.month!)
        let day = month + String(format: "-%02d", c.day!)
        let resourceID = try resource.requireID()
        let database = try db.sql(for: "the catalogue")
        try await database.raw("DELETE FROM \(ident: DownloadClientMarker.schema) WHERE day < \(bind: day)").run()
        let older = olderClients.map { String($0.prefix(128)) }
        if !older.isEmpty, try await !database.raw("""
            SELECT resource_id FROM \(ident: DownloadClientMarker.schema) WHERE resource_id = \(bind: resourceID) AND day = \(bind: day) \
            AND client IN (\(binds: older)) LIMIT 1
            """).all().isEmpty {
            return false
        }
        let first = try await database.raw("""
            INSERT INTO \(ident: DownloadClientMarker.schema) (resource_id, day, client) VALUES (\(bind: resourceID), \(bind: day), \(bind: String(client.prefix(128))))
            ON CONFLICT DO NOTHING RETURNING resource_id
            """).all()
        guard !first.isEmpty else { return false }
        // One statement, so two first downloads of a month racing each other both count.
        try await database.raw("""
            INSERT INTO \(ident: DownloadCount.schema) (id, municipality_id, dataset_id, resource_id, month, count)
            VALUES (\(bind: UUID()), \(bind: resource.municipalityID), \(bind: resource.$dataset.id), \(bind: resourceID), \(bind: month), 1)
            ON CONFLICT (resource_id, month) DO UPDATE SET count = \(ident: DownloadCount.schema).count + 1
            """).run()
        return true
    }
}
