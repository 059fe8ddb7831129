import FluentKit
import Foundation
import MadoguchiCore

/// The catalogue's figures at the end of a fiscal year (公開数 are cumulative, 延べ: what is public
/// on the year's last day), and the year's downloads.
extension CatalogFigureSource {
    /// Datasets published by the end of `year` and still published.
    public func publishedDatasets(municipalityID: UUID, asOfEndOf year: FiscalYear, on db: any Database) async throws -> [Dataset] {
        try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state == .published)
            .filter(\.$publishedAt < year.end()).all()
    }

    /// オープンデータとして公開したファイルの数（種類）: the kinds of standard dataset published by the end
    /// of `year` (two AED lists are one kind).
    public func publishedStandardKinds(municipalityID: UUID, asOfEndOf year: FiscalYear, on db: any Database) async throws -> Int {
        Set(try await publishedDatasets(municipalityID: municipalityID, asOfEndOf: year, on: db).compactMap(\.standardDataset)).count
    }

    /// Standard datasets published by the end of `year` whose current file conforms to the standard
    /// (`conforms` or `conforms-with-warnings`), by standard dataset.
    public func conformingStandardDatasets(municipalityID: UUID, asOfEndOf year: FiscalYear, on db: any Database) async throws -> [String: Int] {
        let datasets = try await publishedDatasets(municipalityID: municipalityID, asOfEndOf: year, on: db).filter { $0.standardDataset != nil }
        guard !datasets.isEmpty else { return [:] }
        let conforming = try await Resource.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$dataset.$id ~~ datasets.compactMap(\.id)).filter(\.$deleted == false)
            .filter(\.$conformity ~~ ["conforms", "conforms-with-warnings"]).all()
        let ids = Set(conforming.map { $0.$dataset.id })
        return datasets.filter { ids.contains($0.id!) }.reduce(into: [:]) { $0[$1.standardDataset!, default: 0] += 1 }
    }

    /// Downloads in the months of `year` (`2025-04` … `2026-03` → count).
    public func downloadsByMonth(municipalityID: UUID, in year: FiscalYear, on db: any Database) async throws -> [String: Int] {
        let months = (0..<12).map { year.firstDay.adding(months: $0) }.map { String(format: "%04d-%02d", $0.year, $0.month) }
        let rows = try await DownloadCount.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$month ~~ months).all()
        return rows.reduce(into: [:]) { $0[$1.month, default: 0] += $1.count }
    }
}
