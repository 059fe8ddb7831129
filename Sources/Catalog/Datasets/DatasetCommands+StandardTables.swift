import FluentKit
import Foundation
import MadoguchiCore

/// Reading a published standard dataset's table, for modules that take their records from the
/// catalogue (the shelter list from 指定避難所一覧 / 指定緊急避難場所一覧).
extension DatasetCommands {
    /// A published CSV table as read from the catalogue.
    public struct StandardTable: Sendable {
        public let datasetName: String
        public let header: [String]
        public let rows: [[String]]
    }

    /// The first CSV file of the most recently changed published dataset that follows `standard`
    /// (`evacuation_shelter`…), parsed; nil when the municipality publishes none. Records the reader
    /// had to forgive are left out.
    public func publishedStandardTable(_ standard: String, municipalityID: UUID, on db: any Database) async throws -> StandardTable? {
        let datasets = try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state == .published)
            .filter(\.$standardDataset == standard).sort(\.$modifiedAt, .descending).all()
        for dataset in datasets {
            let resources = try await Resource.query(on: db).filter(\.$dataset.$id == dataset.requireID()).filter(\.$deleted == false)
                .filter(\.$format == "CSV").sort(\.$position).all()
            for resource in resources {
                guard let hash = resource.sha256, let text = (try? TextDecoding.decode(try await blobs.get(hash)))?.text else { continue }
                let records = CSVRecordReader.records(in: text).filter { $0.problems.isEmpty && $0.cells != [""] }.map(\.cells)
                guard let header = records.first else { continue }
                return StandardTable(datasetName: dataset.name, header: header, rows: Array(records.dropFirst()))
            }
        }
        return nil
    }
}
