import FluentKit
import Foundation
import MadoguchiCore

/// Datasets whose data a module produces from its own records (`OpenDataExportDeclaration`): the
/// catalogue lists each as a published dataset with one link resource, the live CSV the server makes
/// on request, so harvesters see it like any other dataset.
extension DatasetCommands {
    /// The catalogue name of an export's dataset: `shelters.status` → `export-shelters-status`.
    public static func exportDatasetName(_ exportID: String) -> String {
        "export-" + exportID.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    /// The export's dataset, if it is listed.
    public func exportDataset(_ exportID: String, municipalityID: UUID, on db: any Database) async throws -> Dataset? {
        try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$name == Self.exportDatasetName(exportID))
            .filter(\.$state != .deleted).first()
    }

    /// Lists an export as a published dataset of `departmentID` with the live CSV at `url` as its
    /// resource; an export already listed is returned as it is (the command can be repeated).
    @discardableResult
    public func listExport(_ export: OpenDataExportDeclaration, url: String, departmentID: UUID, municipalityID: UUID,
                           by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws -> Dataset {
        if let listed = try await exportDataset(export.id, municipalityID: municipalityID, on: db) { return listed }
        let dataset = try await create(
            municipalityID: municipalityID,
            DatasetInput(name: Self.exportDatasetName(export.id), title: export.title.ja,
                         notes: "\(export.title.ja)を、システムが記録から随時作成するCSVで公開します（リクエストのたびに最新の内容）。",
                         departmentID: departmentID, tags: ["リアルタイム"], updateFrequency: "continuous"),
            by: actor, origin: origin, on: db)
        _ = try await addLink(to: dataset.requireID(), municipalityID: municipalityID, url: url, name: export.title.ja + "（CSV）",
                              format: "CSV", by: actor, origin: origin, on: db)
        return try await publish(dataset.requireID(), municipalityID: municipalityID, by: actor, origin: origin, on: db)
    }
}
