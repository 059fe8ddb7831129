import FluentKit
import Foundation
import MadoguchiCore
import Privacy

/// Files the catalogue derives from a resource on staff's request: a small-cell protected copy of a
/// CSV table, and the UTF-8 version of a Shift_JIS (or UTF-16) CSV.
extension DatasetCommands {
    /// How many cells a protected copy suppressed.
    public struct Suppressed: Sendable, Equatable {
        public let primary: Int
        public let secondary: Int
    }

    /// The dataset's own, live resource with a stored file; not found otherwise.
    public func storedResource(_ resourceID: UUID, of datasetID: UUID, municipalityID: UUID, on db: any Database) async throws -> Resource {
        guard let resource = try await Resource.query(on: db).filter(\.$id == resourceID).filter(\.$municipalityID == municipalityID)
            .filter(\.$dataset.$id == datasetID).filter(\.$deleted == false).first(), resource.sha256 != nil else {
            throw CatalogError.resourceNotFound
        }
        return resource
    }

    /// Reads a CSV table, suppresses small cells (below `suppression.threshold`, with complementary
    /// suppression so totals do not give them away) and adds the result as a new resource; the
    /// original stays a draft file. A file that is not a CSV table is refused (field `protect`).
    public func addProtectedCopy(of resourceID: UUID, in datasetID: UUID, municipalityID: UUID,
                                 suppression: SmallCellSuppression = SmallCellSuppression(), by actor: Actor,
                                 origin: RequestOrigin = .none, on db: any Database) async throws -> Suppressed {
        let resource = try await storedResource(resourceID, of: datasetID, municipalityID: municipalityID, on: db)
        let data = try await blobs.get(resource.sha256 ?? "")
        guard let text = (try? TextDecoding.decode(data))?.text,
              case let rows = CSVRecordReader.records(in: text).filter({ $0.problems.isEmpty && $0.cells != [""] }).map(\.cells),
              let header = rows.first, rows.count > 1 else {
            throw CatalogError(.invalidInput, ja: "「\(resource.name)」は表形式のCSVとして読めませんでした。",
                               en: "\(resource.name) could not be read as a CSV table.", field: "protect")
        }
        let result = suppression.protect(header: header, rows: Array(rows.dropFirst()))
        let csv = CSVWriter.document(header: result.header, rows: result.rows)
        let base = (resource.fileName ?? resource.name).replacingOccurrences(of: ".csv", with: "")
        _ = try await addFile(to: datasetID, municipalityID: municipalityID, fileName: base + "-protected.csv", data: Data(csv.utf8),
                              name: resource.name + "（秘匿処理済み）",
                              description: "\(suppression.threshold)未満のセルを秘匿（一次秘匿\(result.primary.count)件、二次秘匿\(result.secondary.count)件）",
                              by: actor, origin: origin, on: db)
        return Suppressed(primary: result.primary.count, secondary: result.secondary.count)
    }

    /// Stores the UTF-8 version of a resource's CSV as its next file version (the old one is kept).
    /// An encoding that cannot be detected is refused (field `file`).
    public func convertToUTF8(_ resourceID: UUID, in datasetID: UUID, municipalityID: UUID, by actor: Actor,
                              origin: RequestOrigin = .none, on db: any Database) async throws {
        let resource = try await storedResource(resourceID, of: datasetID, municipalityID: municipalityID, on: db)
        let converted: Data
        do { converted = try CSVValidator.convertToUTF8(try await blobs.get(resource.sha256 ?? "")) } catch {
            throw CatalogError(.invalidInput, ja: "文字コードを判別できないため変換できません（UTF-8 または Shift_JIS のCSVにしてください）。",
                               en: "The encoding could not be detected; use UTF-8 or Shift_JIS.", field: "file")
        }
        _ = try await replaceFile(of: resourceID, municipalityID: municipalityID, fileName: resource.fileName ?? "data.csv",
                                  data: converted, by: actor, origin: origin, on: db)
    }
}
