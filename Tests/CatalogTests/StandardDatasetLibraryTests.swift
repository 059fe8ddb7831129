import Catalog
import Foundation
import XCTest

final class StandardDatasetLibraryTests: XCTestCase {
    func testShipsTheElevenNationalLayoutsWithRequiredColumns() throws {
        let library = try StandardDatasetLibrary.bundled()
        let titles = Set(library.schemas.map(\.title))
        for title in ["公共施設一覧", "AED設置箇所一覧", "指定緊急避難場所一覧", "指定避難所一覧", "子育て施設一覧", "文化財一覧",
                      "イベント一覧", "観光施設一覧", "医療機関一覧", "介護サービス事業所一覧", "地域・年齢別人口"] {
            XCTAssertTrue(titles.contains(title), title)
        }
        let aed = try XCTUnwrap(library.schema(named: "aed"))
        XCTAssertEqual(Array(aed.requiredColumnNames), ["名称", "名称_カナ", "住所", "設置位置"])
        let evacuation = try XCTUnwrap(library.schema(named: "指定緊急避難場所一覧"))
        XCTAssertEqual(evacuation.columnNames.first, "NO")
        XCTAssertTrue(evacuation.columnNames.contains("災害種別_崖崩れ、土石流及び地滑り"))
        let population = try XCTUnwrap(library.schema(named: "population"))
        XCTAssertTrue(population.requiredColumnNames.contains("85歳以上の女性"))
    }

    func testEveryNationalLayoutIsCheckedAndOnlyTheShelterListIsDerived() throws {
        let library = try StandardDatasetLibrary.bundled()
        for schema in library.schemas {
            if schema.isDerivedLayout {
                XCTAssertEqual(schema.name, "evacuation_shelter")
            } else {
                XCTAssertEqual(schema.columnsVerified, true, schema.title)
            }
        }
        let care = try XCTUnwrap(library.schema(named: "care_service"))
        XCTAssertEqual(care.requiredColumnNames, ["介護サービス事業所名称", "介護サービス事業所名称_カナ", "実施サービス", "住所", "電話番号"])
        let hospital = try XCTUnwrap(library.schema(named: "hospital"))
        XCTAssertTrue(hospital.columnNames.contains("医療機関コード"))
        XCTAssertEqual(hospital.fields.first { $0.name == "医療機関の種類" }?.constraints?.enum, ["病院", "有床診療所", "無床診療所"])
        let cultural = try XCTUnwrap(library.schema(named: "cultural_property"))
        XCTAssertEqual(cultural.fields.first { $0.name == "文化財指定日" }?.type, .date)
    }

    func testAnEnumColumnRejectsOtherValues() throws {
        let hospital = try XCTUnwrap(StandardDatasetLibrary.shared.schema(named: "hospital"))
        var row = Dictionary(uniqueKeysWithValues: hospital.columnNames.map { ($0, "") })
        row["名称"] = "国立中央病院"; row["名称_カナ"] = "クニタチチュウオウビョウイン"; row["住所"] = "東京都国立市富士見台1-1"
        row["診療曜日"] = "月;火"; row["診療開始時間"] = "09:00"; row["診療終了時間"] = "17:00"; row["診療科目"] = "内科"
        row["病床数"] = "120"; row["URL"] = "https://example.jp/"
        func csv(kind: String) -> Data {
            row["医療機関の種類"] = kind
            let header = hospital.columnNames.map { "\"\($0)\"" }.joined(separator: ",")
            let line = hospital.columnNames.map { "\"\(row[$0]!)\"" }.joined(separator: ",")
            return Data((header + "\r\n" + line + "\r\n").utf8)
        }
        XCTAssertEqual(CSVValidator().validate(csv(kind: "病院"), against: hospital).verdict, .conforms)
        let report = CSVValidator().validate(csv(kind: "大病院"), against: hospital)
        XCTAssertEqual(report.verdict, .doesNotConform)
        XCTAssertTrue(report.issues.contains { $0.column == "医療機関の種類" && $0.row == 2 })
    }

    func testTemplateIsUTF8WithBOMAndHeaderRowOnly() throws {
        let aed = try XCTUnwrap(StandardDatasetLibrary.shared.schema(named: "aed"))
        let bytes = [UInt8](StandardDatasetLibrary.template(for: aed))
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("\"都道府県コード又は市区町村コード\",\"NO\""))
        XCTAssertTrue(text.hasSuffix("\"備考\"\r\n"))
        XCTAssertEqual(text.components(separatedBy: "\r\n").count, 2)
    }
}
