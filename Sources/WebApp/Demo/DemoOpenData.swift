import Catalog
import Foundation
import MadoguchiCore
import Vapor

/// A few published open datasets for the demo municipality, so the catalogue, its CKAN API and
/// DCAT have something to show on a fresh `madoguchi serve`. The rows are illustrative, not real.
enum DemoOpenData {
    static func load(app: Application, municipality: Municipality, departmentIDs: [String: UUID]) async throws {
        let services = app.madoguchi
        let municipalityID = try municipality.requireID()
        guard let bosai = departmentIDs["bosai"], let seisaku = departmentIDs["seisaku-keiei"] else { return }
        let samples: [(name: String, title: String, notes: String, department: UUID, tags: [String], standard: String?, file: String, csv: String)] = [
            ("evacuation-space", "指定緊急避難場所一覧", "災害時の指定緊急避難場所（デモデータ）。", bosai, ["防災", "避難"], "evacuation_space",
             "132152_evacuation_space.csv", "名称,住所\r\n第一小学校（デモ）,東京都国立市中1-1\r\n市民総合体育館（デモ）,東京都国立市富士見台2-48-1\r\n"),
            ("aed", "AED設置箇所一覧", "市内のAED設置箇所（デモデータ）。", bosai, ["防災", "AED"], "aed",
             "132152_aed.csv", "名称,住所,設置位置\r\n国立市役所（デモ）,東京都国立市富士見台2-47-1,1階ロビー\r\n"),
            ("population-by-area", "町丁別人口", "町丁別・年齢3区分別の人口（デモデータ、秘匿処理済み）。", seisaku, ["人口", "統計"], "population",
             "132152_population.csv", "町丁,0-14歳,15-64歳,65歳以上,計\r\n富士見台1丁目（デモ）,120,800,300,1220\r\n富士見台2丁目（デモ）,95,640,410,1145\r\n"),
        ]
        for sample in samples {
            let dataset = try await services.datasets.create(
                municipalityID: municipalityID,
                DatasetInput(name: sample.name, title: sample.title, notes: sample.notes, departmentID: sample.department, tags: sample.tags,
                             updateFrequency: "annual", spatial: municipality.name, standardDataset: sample.standard),
                by: .system, on: app.db)
            _ = try await services.datasets.addFile(to: dataset.requireID(), municipalityID: municipalityID, fileName: sample.file,
                                                    data: Data(sample.csv.utf8), by: .system, on: app.db)
            _ = try await services.datasets.publish(dataset.requireID(), municipalityID: municipalityID, by: .system, on: app.db)
        }
    }
}
