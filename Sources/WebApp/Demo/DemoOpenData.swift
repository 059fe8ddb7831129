import Catalog
import Foundation
import MadoguchiCore
import Vapor

/// Published open datasets for the demo municipality, so the catalogue, its CKAN API and DCAT have
/// something to show on a fresh `madoguchi serve`: seven 自治体標準オープンデータセット written in
/// each standard's own columns (with 指定避難所一覧 from `DemoShelters`, eight kinds, the DX plan's
/// target), each validated against its schema so it carries the conformity mark. The rows are
/// illustrative (デモ), not the city's real records.
enum DemoOpenData {
    /// One demo dataset: its catalogue entry and its rows by column name (columns not named stay empty).
    struct Sample {
        let name: String
        let title: String
        let notes: String
        let department: String
        let tags: [String]
        let standard: String
        let rows: [[String: String]]
    }

    static let code = "132152"

    static let samples: [Sample] = [
        Sample(name: "evacuation-space", title: "指定緊急避難場所一覧", notes: "災害時の指定緊急避難場所（デモデータ）。", department: "bosai",
               tags: ["防災", "避難"], standard: "evacuation_space", rows: [
                   ["NO": "1", "名称": "第一小学校（デモ）", "名称_カナ": "ダイイチショウガッコウ", "住所": "東京都国立市中1-1", "緯度": "35.6900",
                    "経度": "139.4410", "電話番号": "042-576-0001", "市区町村コード": code, "都道府県名": "東京都", "市区町村名": "国立市",
                    "災害種別_洪水": "1", "災害種別_地震": "1", "災害種別_大規模な火事": "1", "指定避難所との重複": "1", "想定収容人数": "400",
                    "対象となる町会・自治会": "中一丁目", "備考": "デモデータ"],
                   ["NO": "2", "名称": "市民総合体育館（デモ）", "名称_カナ": "シミンソウゴウタイイクカン", "住所": "東京都国立市富士見台2-48-1",
                    "緯度": "35.6860", "経度": "139.4390", "電話番号": "042-576-0003", "市区町村コード": code, "都道府県名": "東京都",
                    "市区町村名": "国立市", "災害種別_地震": "1", "災害種別_大規模な火事": "1", "指定避難所との重複": "1", "想定収容人数": "600",
                    "対象となる町会・自治会": "富士見台", "備考": "デモデータ"],
               ]),
        Sample(name: "aed", title: "AED設置箇所一覧", notes: "市内のAED設置箇所（デモデータ）。", department: "bosai", tags: ["防災", "AED"],
               standard: "aed", rows: [
                   ["都道府県コード又は市区町村コード": code, "NO": "1", "都道府県名": "東京都", "市区町村名": "国立市", "名称": "国立市役所（デモ）",
                    "名称_カナ": "クニタチシヤクショ", "住所": "東京都国立市富士見台2-47-1", "緯度": "35.6868", "経度": "139.4410",
                    "設置位置": "1階ロビー", "電話番号": "042-576-2111", "利用可能曜日": "月火水木金", "開始時間": "08:30", "終了時間": "17:00",
                    "小児対応設備の有無": "有", "備考": "デモデータ"],
               ]),
        Sample(name: "population-by-area", title: "地域・年齢別人口", notes: "町丁別・男女別・5歳階級別の人口（デモデータ）。", department: "seisaku-keiei",
               tags: ["人口", "統計"], standard: "population", rows: [
                   population(area: "富士見台一丁目（デモ）", base: 21), population(area: "富士見台二丁目（デモ）", base: 17),
               ]),
        Sample(name: "preschool", title: "子育て施設一覧", notes: "市内の保育所・幼稚園など（デモデータ）。", department: "seisaku-keiei",
               tags: ["子育て", "保育"], standard: "preschool", rows: [
                   ["都道府県コード又は市区町村コード": code, "NO": "1", "都道府県名": "東京都", "市区町村名": "国立市", "名称": "なかよし保育園（デモ）",
                    "名称_カナ": "ナカヨシホイクエン", "種別": "認可保育所", "住所": "東京都国立市東1-2-3", "電話番号": "042-576-1001",
                    "収容定員": "90", "受入年齢": "0歳から5歳", "利用可能曜日": "月火水木金土", "開始時間": "07:00", "終了時間": "19:00",
                    "一時預かりの有無": "有", "備考": "デモデータ"],
               ]),
        Sample(name: "hospital", title: "医療機関一覧", notes: "市内の医療機関（デモデータ）。", department: "seisaku-keiei",
               tags: ["医療", "健康"], standard: "hospital", rows: [
                   ["都道府県コード又は市区町村コード": code, "NO": "1", "都道府県名": "東京都", "市区町村名": "国立市", "名称": "国立中央クリニック（デモ）",
                    "名称_カナ": "クニタチチュウオウクリニック", "医療機関の種類": "無床診療所", "住所": "東京都国立市中2-3-4",
                    "電話番号": "042-576-1002", "診療曜日": "月火水木金", "診療開始時間": "09:00", "診療終了時間": "18:00",
                    "診療科目": "内科;小児科", "病床数": "0", "URL": "https://www.city.kunitachi.tokyo.jp/", "備考": "デモデータ"],
               ]),
        Sample(name: "public-facility", title: "公共施設一覧", notes: "市の公共施設（デモデータ）。", department: "seisaku-keiei",
               tags: ["施設"], standard: "public_facility", rows: [
                   ["都道府県コード又は市区町村コード": code, "NO": "1", "都道府県名": "東京都", "市区町村名": "国立市", "名称": "国立市役所（デモ）",
                    "名称_カナ": "クニタチシヤクショ", "住所": "東京都国立市富士見台2-47-1", "電話番号": "042-576-2111",
                    "利用可能曜日": "月火水木金", "開始時間": "08:30", "終了時間": "17:00", "説明": "市の本庁舎", "備考": "デモデータ"],
               ]),
        Sample(name: "cultural-property", title: "文化財一覧", notes: "市内の文化財（デモデータ）。", department: "seisaku-keiei",
               tags: ["文化財", "観光"], standard: "cultural_property", rows: [
                   ["都道府県コード又は市区町村コード": code, "NO": "1", "都道府県名": "東京都", "市区町村名": "国立市", "名称": "旧駅舎（デモ）",
                    "名称_カナ": "キュウエキシャ", "文化財分類": "市指定有形文化財", "種類": "建造物", "住所": "東京都国立市東1-1",
                    "概要": "大正期の駅舎を復原した建物", "備考": "デモデータ"],
               ]),
    ]

    /// A 地域・年齢別人口 row whose totals add up: `base` people per sex and five-year band, a few more women among the old.
    static func population(area: String, base: Int) -> [String: String] {
        let bands = ["0-4歳", "5-9歳", "10-14歳", "15-19歳", "20-24歳", "25-29歳", "30-34歳", "35-39歳", "40-44歳", "45-49歳",
                     "50-54歳", "55-59歳", "60-64歳", "65-69歳", "70-74歳", "75-79歳", "80-84歳", "85歳以上"]
        var row = ["都道府県コード又は市区町村コード": code, "都道府県名": "東京都", "市区町村名": "国立市", "調査年月日": "2026-10-01",
                   "地域名": area, "備考": "デモデータ"]
        var men = 0, women = 0
        for (index, band) in bands.enumerated() {
            let m = base + index % 5, w = base + index % 5 + (index >= 13 ? index - 12 : 0)
            row["\(band)の男性"] = String(m)
            row["\(band)の女性"] = String(w)
            men += m
            women += w
        }
        row["男性"] = String(men)
        row["女性"] = String(women)
        row["総人口"] = String(men + women)
        row["世帯数"] = String((men + women) / 2)
        return row
    }

    /// The sample as CSV in its standard's column order.
    static func csv(_ sample: Sample, schema: TableSchema) -> String {
        let header = schema.fields.map(\.name)
        let lines = [header.joined(separator: ",")] + sample.rows.map { row in header.map { row[$0] ?? "" }.joined(separator: ",") }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func load(app: Application, municipality: Municipality, departmentIDs: [String: UUID]) async throws {
        let services = app.madoguchi
        let municipalityID = try municipality.requireID()
        for sample in samples {
            guard let department = departmentIDs[sample.department],
                  let schema = StandardDatasetLibrary.shared.schema(named: sample.standard) else { continue }
            let dataset = try await services.datasets.create(
                municipalityID: municipalityID,
                DatasetInput(name: sample.name, title: sample.title, notes: sample.notes, departmentID: department, tags: sample.tags,
                             updateFrequency: "annual", spatial: municipality.name, standardDataset: sample.standard),
                by: .system, on: app.db)
            let resource = try await services.datasets.addFile(to: dataset.requireID(), municipalityID: municipalityID,
                                                               fileName: "\(code)_\(sample.standard).csv",
                                                               data: Data(csv(sample, schema: schema).utf8), by: .system, on: app.db)
            _ = try await services.datasets.validate(resource.requireID(), municipalityID: municipalityID, against: schema, by: .system, on: app.db)
            _ = try await services.datasets.publish(dataset.requireID(), municipalityID: municipalityID, by: .system, on: app.db)
        }
    }
}
