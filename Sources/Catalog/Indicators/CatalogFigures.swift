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
        let rows = try await sql(db).raw("""
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
public enum DownloadCounter {
    public static func record(resource: Resource, at date: Date = Date(), on db: any Database) async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let c = calendar.dateComponents([.year, .month], from: date)
        let month = String(format: "%04d-%02d", c.year!, c.month!)
        let resourceID = try resource.requireID()
        let updated = try await sql(db).raw("""
            UPDATE \(ident: DownloadCount.schema) SET count = count + 1 WHERE resource_id = \(bind: resourceID) AND month = \(bind: month) RETURNING id
            """).all()
        if updated.isEmpty {
            let row = DownloadCount()
            row.municipalityID = resource.municipalityID
            row.datasetID = resource.$dataset.id
            row.resourceID = resourceID
            row.month = month
            row.count = 1
            try await row.create(on: db)
        }
    }
}
