import FluentKit
import Foundation
import MadoguchiCore

/// What the public page of one dataset shows besides its package: the conformity mark of each
/// resource, its download count, and a preview of the first CSV file.
extension CKANReadModel {
    public struct DatasetPage: Sendable {
        public let package: CKANPackage
        /// Resource id → the standard dataset its file conforms to (the conformity mark).
        public let conformity: [String: String]
        /// Resource id → downloads so far.
        public let downloads: [String: Int]
        public let preview: CSVPreview?

        public init(package: CKANPackage, conformity: [String: String] = [:], downloads: [String: Int] = [:], preview: CSVPreview? = nil) {
            self.package = package; self.conformity = conformity; self.downloads = downloads; self.preview = preview
        }
    }

    /// The first rows of a CSV resource, decoded (UTF-8, UTF-16 or Shift_JIS) and split into cells.
    public struct CSVPreview: Sendable {
        public let resourceName: String
        public let header: [String]
        public let rows: [[String]]

        public init(resourceName: String, header: [String], rows: [[String]]) {
            self.resourceName = resourceName; self.header = header; self.rows = rows
        }
    }

    /// A published dataset's page; `previewRows` rows of its first stored CSV are read from `blobs`
    /// (at most its first 256 KiB; a file that cannot be read or decoded has no preview).
    public func datasetPage(_ dataset: Dataset, blobs: any BlobStore, previewRows: Int) async throws -> DatasetPage {
        let package = try await package(dataset)
        let datasetID = try dataset.requireID()
        let resources = try await Resource.query(on: db).filter(\.$dataset.$id == datasetID).filter(\.$deleted == false).sort(\.$position).all()
        var counts: [UUID: Int] = [:]
        for row in try await DownloadCount.query(on: db).filter(\.$datasetID == datasetID).all() { counts[row.resourceID, default: 0] += row.count }
        let downloads = Dictionary(uniqueKeysWithValues: resources.compactMap { r in r.id.map { ($0.uuidString.lowercased(), counts[$0] ?? 0) } })
        let conformity = Dictionary(uniqueKeysWithValues: resources.compactMap { r -> (String, String)? in
            guard r.conformity == ValidationReport.Verdict.conforms.rawValue || r.conformity == ValidationReport.Verdict.conformsWithWarnings.rawValue,
                  let id = r.id, let schema = r.conformsTo.flatMap(StandardDatasetLibrary.shared.schema(named:)) else { return nil }
            return (id.uuidString.lowercased(), schema.title)
        })
        var preview: CSVPreview?
        if let csv = resources.first(where: { $0.format.uppercased() == "CSV" && $0.sha256 != nil }), let hash = csv.sha256,
           let data = try? await blobs.prefix(hash, maxBytes: 256 * 1024), let text = (try? TextDecoding.decode(data))?.text {
            let rows = CSVRecordReader.records(in: text).prefix(previewRows + 1).map(\.cells)
            if let header = rows.first { preview = CSVPreview(resourceName: csv.name, header: header, rows: Array(rows.dropFirst())) }
        }
        return DatasetPage(package: package, conformity: conformity, downloads: downloads, preview: preview)
    }
}
