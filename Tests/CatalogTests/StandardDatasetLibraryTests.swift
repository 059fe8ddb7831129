import Catalog
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
