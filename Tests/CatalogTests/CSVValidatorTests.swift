import Catalog
import Foundation
import MadoguchiCore
import XCTest

final class CSVValidatorTests: XCTestCase {
    let aed = StandardDatasetLibrary.shared.schema(named: "aed")!

    /// A row of the AED layout with sensible defaults; tests override the cells they plant errors in.
    func aedRow(_ overrides: [String: String] = [:]) -> String {
        var values: [String: String] = [
            "都道府県コード又は市区町村コード": "132152", "NO": "1", "都道府県名": "東京都", "市区町村名": "国立市",
            "名称": "国立市役所", "名称_カナ": "クニタチシヤクショ", "住所": "東京都国立市富士見台2-47-1",
            "緯度": "35.6838", "経度": "139.4413", "設置位置": "1階ロビー", "電話番号": "042-576-2111",
            "開始時間": "08:30", "終了時間": "17:00", "小児対応設備の有無": "有", "URL": "https://www.city.kunitachi.tokyo.jp/",
        ]
        values.merge(overrides) { $1 }
        return aed.columnNames.map { name in
            let v = values[name] ?? ""
            return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
        }.joined(separator: ",")
    }

    var header: String { aed.columnNames.joined(separator: ",") }

    func validate(_ lines: [String], encoding: String.Encoding = .utf8) -> ValidationReport {
        CSVValidator().validate((lines.joined(separator: "\r\n") + "\r\n").data(using: encoding)!, against: aed)
    }

    func codes(_ report: ValidationReport, row: Int) -> Set<String> {
        Set(report.issues.filter { $0.row == row }.map(\.code.rawValue))
    }

    func testCleanFileConforms() {
        let report = validate([header, aedRow(), aedRow(["NO": "2"])])
        XCTAssertEqual(report.issues, [])
        XCTAssertEqual(report.verdict, .conforms)
        XCTAssertEqual(report.rowCount, 2)
        XCTAssertEqual(report.encoding, .utf8)
    }

    func testPlantedCellErrorsAreReportedByRowAndColumn() throws {
        let report = validate([
            header,
            aedRow(["名称": ""]),                                   // row 2: required missing
            aedRow(["緯度": "135.1", "経度": "-181"]),               // row 3: out of range
            aedRow(["小児対応設備の有無": "あり"]),                     // row 4: not 有/無
            aedRow(["開始時間": "8時30分"]),                         // row 5: not hh:mm
            aedRow(["備考": "=HYPERLINK(\"http://evil.example\",\"click\")"]), // row 6: formula
            aedRow(["電話番号": "０４２-５７６-２１１１"]),             // row 7: full-width digits (warning)
            aedRow(["都道府県コード又は市区町村コード": "11002"]),       // row 8: leading zero lost (warning)
            aedRow(["都道府県コード又は市区町村コード": "132151"]),      // row 9: bad check digit
            aedRow(["URL": "www.example.jp"]),                      // row 10: not a URL
            aedRow(["名称_カナ": "ｸﾆﾀﾁ"]),                           // row 11: half-width kana (warning)
        ])
        XCTAssertEqual(codes(report, row: 2), ["required-value-missing"])
        XCTAssertEqual(report.issues.first { $0.row == 2 }?.column, "名称")
        XCTAssertEqual(report.issues.filter { $0.row == 3 }.map(\.column), ["緯度", "経度"])
        XCTAssertEqual(codes(report, row: 3), ["out-of-range"])
        XCTAssertEqual(codes(report, row: 4), ["not-in-list"])
        XCTAssertEqual(codes(report, row: 5), ["not-time"])
        XCTAssertEqual(codes(report, row: 6), ["formula-injection"])
        XCTAssertEqual(codes(report, row: 7), ["full-width-characters"])
        XCTAssertEqual(codes(report, row: 8), ["leading-zero-lost"])
        XCTAssertTrue(report.issues.first { $0.row == 8 }!.message.ja.contains("011002"))
        XCTAssertEqual(codes(report, row: 9), ["invalid-municipality-code"])
        XCTAssertEqual(codes(report, row: 10), ["invalid-url"])
        XCTAssertEqual(codes(report, row: 11), ["half-width-katakana"])
        XCTAssertEqual(report.verdict, .doesNotConform)
        XCTAssertEqual(report.errorCount, 8)
        XCTAssertEqual(report.warningCount, 3)
        XCTAssertFalse(report.issues[0].message.en.isEmpty)
    }

    func testWarningsAloneStillConform() {
        let report = validate([header, aedRow(["都道府県コード又は市区町村コード": "11002"])])
        XCTAssertEqual(report.verdict, .conformsWithWarnings)
    }

    func testShiftJISFileIsDetectedValidatedAndConvertible() throws {
        let report = validate([header, aedRow(), aedRow(["名称": ""])], encoding: .shiftJIS)
        XCTAssertEqual(report.encoding, .shiftJIS)
        XCTAssertTrue(report.canConvertToUTF8)
        XCTAssertEqual(report.issues.first?.code, .notUTF8)
        XCTAssertEqual(codes(report, row: 3), ["required-value-missing"])
        let sjis = ([header, aedRow()].joined(separator: "\r\n") + "\r\n").data(using: .shiftJIS)!
        let converted = try CSVValidator.convertToUTF8(sjis)
        XCTAssertEqual(Array(converted.prefix(3)), [0xEF, 0xBB, 0xBF])
        let again = CSVValidator().validate(converted, against: aed)
        XCTAssertEqual(again.encoding, .utf8WithBOM)
        XCTAssertEqual(again.verdict, .conforms)
    }

    func testHeaderProblems() {
        var names = aed.columnNames.filter { $0 != "設置位置" && $0 != "備考" }
        names.swapAt(4, 5)
        names.append("独自項目")
        names[names.firstIndex(of: "名称_カナ")!] = "名称＿カナ"
        let report = CSVValidator().validate(Data((names.joined(separator: ",") + "\n").utf8), against: aed)
        let found = Set(report.issues.map(\.code))
        XCTAssertTrue(found.isSuperset(of: [.missingRequiredColumn, .missingColumn, .extraColumn, .misorderedColumns, .headerNotExact]))
        XCTAssertEqual(report.issues.first { $0.code == .missingRequiredColumn }?.column, "設置位置")
        XCTAssertEqual(report.issues.first { $0.code == .extraColumn }?.column, "独自項目")
    }

    func testStructuralProblems() {
        let report = validate([
            header,
            aedRow(),
            ",,,,,,,,",                           // row 3: blank
            aedRow() + ",余分",                     // row 4: extra cell
            "132152,5,東京都",                       // row 5: ragged
            aedRow(["備考": "STRAY"]).replacingOccurrences(of: "STRAY", with: "ab\"c"), // row 6: stray quote
            aedRow().replacingOccurrences(of: ",1階ロビー,", with: ",\"1階ロビー,") // row 7: unterminated, runs to the end
        ])
        XCTAssertEqual(codes(report, row: 3), ["blank-row"])
        XCTAssertEqual(codes(report, row: 4), ["extra-cells"])
        XCTAssertEqual(codes(report, row: 5), ["missing-cells"])
        XCTAssertTrue(codes(report, row: 6).contains("malformed-quote"))
        XCTAssertTrue(codes(report, row: 7).contains("unterminated-quote"))
    }

    func testMultilineCellKeepsRowAndLineApart() {
        let report = validate([header, aedRow(["備考": "1行目\n2行目"]), aedRow(["名称": ""])])
        let issue = report.issues.first { $0.code == .requiredValueMissing }
        XCTAssertEqual(issue?.row, 3)
        XCTAssertEqual(issue?.line, 4)
    }

    func testLimitsAreExplicit() {
        let rows = [header] + (1...20).map { aedRow(["NO": String($0), "名称": ""]) }
        let report = CSVValidator(limits: ValidationLimits(maxRows: 10, maxReportedIssues: 5)).validate(Data(rows.joined(separator: "\n").utf8), against: aed)
        XCTAssertEqual(report.issues.count, 5)
        XCTAssertTrue(report.issuesTruncated)
        XCTAssertEqual(report.rowCount, 10)
        XCTAssertEqual(report.countsByCode["required-value-missing"], 10)
        XCTAssertEqual(report.countsByCode["row-limit-reached"], 1)
    }

    func testBinaryAndEmptyFiles() {
        XCTAssertEqual(CSVValidator().validate(Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]), against: aed).issues.first?.code, .unreadableEncoding)
        XCTAssertEqual(CSVValidator().validate(Data(), against: aed).issues.first?.code, .emptyFile)
    }

    func testReportCSVIsFormulaSafe() {
        let report = validate([header, aedRow(["備考": "=1+1"])])
        XCTAssertTrue(report.csv().contains("\"'=1+1\""))
    }
}
