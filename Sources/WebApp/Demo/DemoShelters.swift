import Catalog
import Foundation
import MadoguchiCore
import Shelters
import Vapor

/// The demo's 指定避難所一覧 (conforming to the standard dataset, validated so it carries the mark),
/// imported into the shelter list, with the live status listed in the catalogue — so a fresh
/// `madoguchi serve` shows `/132152/shelters` and staff can try a report at once. The rows are
/// illustrative (デモ), not the city's real shelters.
enum DemoShelters {
    static let csv = """
        NO,名称,名称_カナ,住所,方書,緯度,経度,標高,電話番号,内線番号,市区町村コード,都道府県名,市区町村名,指定緊急避難場所との重複,福祉避難所,想定収容人数,対象となる町会・自治会,URL,備考\r
        1,第一小学校（デモ）,ダイイチショウガッコウ,東京都国立市中1-1,,35.6900,139.4410,,042-576-0001,,132152,東京都,国立市,1,,400,中一丁目,,デモデータ\r
        2,第二小学校（デモ）,ダイニショウガッコウ,東京都国立市東2-2,,35.6950,139.4480,,042-576-0002,,132152,東京都,国立市,1,,350,東二丁目,,デモデータ\r
        3,市民総合体育館（デモ）,シミンソウゴウタイイクカン,東京都国立市富士見台2-48-1,,35.6860,139.4390,,042-576-0003,,132152,東京都,国立市,1,,600,富士見台,,デモデータ\r
        4,福祉会館（デモ）,フクシカイカン,東京都国立市富士見台2-38-5,,35.6870,139.4400,,042-576-0004,,132152,東京都,国立市,,1,80,富士見台,,デモデータ\r
        5,谷保第三公民館（デモ）,ヤホダイサンコウミンカン,東京都国立市谷保5-5,,35.6760,139.4420,,042-576-0005,,132152,東京都,国立市,1,,150,谷保,,デモデータ\r

        """

    static func load(app: Application, municipality: Municipality, departmentID: UUID) async throws {
        let services = app.madoguchi
        let municipalityID = try municipality.requireID()
        let dataset = try await services.datasets.create(
            municipalityID: municipalityID,
            DatasetInput(name: "evacuation-shelter", title: "指定避難所一覧", notes: "災害時に避難生活を送る指定避難所（デモデータ）。",
                         departmentID: departmentID, tags: ["防災", "避難所"], updateFrequency: "annual", spatial: municipality.name,
                         standardDataset: "evacuation_shelter"),
            by: .system, on: app.db)
        let resource = try await services.datasets.addFile(to: dataset.requireID(), municipalityID: municipalityID,
                                                           fileName: "132152_evacuation_shelter.csv", data: Data(csv.utf8), by: .system, on: app.db)
        if let schema = StandardDatasetLibrary.shared.schema(named: "evacuation_shelter") {
            _ = try await services.datasets.validate(resource.requireID(), municipalityID: municipalityID, against: schema, by: .system, on: app.db)
        }
        _ = try await services.datasets.publish(dataset.requireID(), municipalityID: municipalityID, by: .system, on: app.db)
        if let table = try await services.datasets.publishedStandardTable("evacuation_shelter", municipalityID: municipalityID, on: app.db) {
            _ = try await services.shelters.importTable(ShelterTable(header: table.header, rows: table.rows), kind: "evacuation_shelter",
                                                        municipalityID: municipalityID, by: .system, on: app.db)
        }
        try await services.datasets.listExport(ShelterExports.declaration,
                                               url: "\(services.configuration.publicURL)/\(municipality.code)/exports/\(ShelterExports.declaration.id).csv",
                                               departmentID: departmentID, municipalityID: municipalityID, by: .system, on: app.db)
    }
}
