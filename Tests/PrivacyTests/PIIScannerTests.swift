import Foundation
import Privacy
import XCTest

final class PIIScannerTests: XCTestCase {
    func kinds(_ text: String) -> [PIIKind] { PIIScanner().scan(line: text, number: 1).map(\.kind) }

    func testEachKindInFreeText() {
        XCTAssertEqual(kinds("個人番号 1234-5678-9018 です"), [.myNumber])
        XCTAssertEqual(kinds("法人番号 4011001098993"), [.corporateNumber])
        XCTAssertEqual(kinds("電話 03-1234-5678 まで"), [.phone])
        XCTAssertEqual(kinds("携帯 09012345678"), [.phone])
        XCTAssertEqual(kinds("taro.yamada@example.jp"), [.email])
        XCTAssertEqual(kinds("〒186-0004"), [.postalCode])
        XCTAssertEqual(kinds("東京都国立市中1丁目15番1号"), [.address])
        XCTAssertEqual(kinds("佐藤花子様へ"), [.personName])
        XCTAssertEqual(kinds("生年月日 昭和30年5月1日"), [.birthDate])
    }

    func testInvalidCheckDigitsAndPlainDatesAreNotFlagged() {
        XCTAssertEqual(kinds("注文番号 123456789012"), [], "12 digits with a wrong check digit")
        XCTAssertEqual(kinds("開催日 2025年4月1日"), [], "a date with no person or birth context")
        XCTAssertEqual(kinds("1234567890123456"), [], "a longer number is not a My Number")
    }

    func testOffsetsAreUnicodeScalarPositionsAndValuesAreMasked() throws {
        let finding = try XCTUnwrap(PIIScanner().scan(line: "氏名：山田 太郎", number: 3).first)
        XCTAssertEqual(finding.kind, .personName)
        XCTAssertEqual(finding.start, 3)
        XCTAssertEqual(finding.end, 8)
        XCTAssertEqual(finding.line, 3)
        XCTAssertFalse(finding.masked.contains("山田"))
    }

    func testFullWidthDigitsAreFound() {
        XCTAssertEqual(kinds("マイナンバー：１２３４５６７８９０１８"), [.myNumber])
    }

    func testCSVHeadersRaiseScoresAndNameColumns() throws {
        let csv = "氏名,生年月日,電話番号,備考\n山田太郎,1955-05-01,042-576-2111,特になし\n"
        let findings = PrivacyScan.scan(text: csv, isCSV: true)
        XCTAssertEqual(findings.map(\.kind), [.personName, .birthDate, .phone])
        XCTAssertEqual(findings.map(\.column), ["氏名", "生年月日", "電話番号"])
        XCTAssertEqual(findings[2].start, 16)
        XCTAssertGreaterThan(findings[2].score, PIIScanner().scan(line: "042-576-2111", number: 1)[0].score)
    }
}

final class PrivacyScanCommandTests: XCTestCase {
    func write(_ data: Data, _ name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString)-\(name)")
        try data.write(to: url)
        return url.path
    }

    func run(_ paths: [String], json: Bool = true) -> (Int32, [String], [String]) {
        var out: [String] = []
        var err: [String] = []
        let status = PrivacyScan.run(paths: paths, json: json, write: { out.append($0) }, writeError: { err.append($0) })
        return (status, out, err)
    }

    func testExitCodesAndJSONLines() throws {
        let clean = try write(Data("公園の一覧です\n".utf8), "clean.txt")
        XCTAssertEqual(run([clean]).0, 0)
        let dirty = try write(Data("連絡先 taro@example.jp\n".utf8), "dirty.txt")
        let (status, lines, _) = run([dirty])
        XCTAssertEqual(status, 1)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(object["kind"] as? String, "email")
        XCTAssertEqual(object["line"] as? Int, 1)
        XCTAssertEqual(object["start"] as? Int, 4)
        XCTAssertTrue(object["column"] is NSNull, "column is present and null for text files")
        XCTAssertFalse(lines[0].contains("taro@example.jp"), "the value is never printed in full")
    }

    func testShiftJISFilesAreRead() throws {
        let text = "氏名,電話番号\n山田太郎,03-1234-5678\n"
        let path = try write(try XCTUnwrap(text.data(using: .shiftJIS)), "sjis.csv")
        let (status, lines, _) = run([path])
        XCTAssertEqual(status, 1)
        XCTAssertEqual(lines.count, 2)
    }

    func testBinaryAndMissingFilesExitTwoAndOtherFilesAreStillScanned() throws {
        let binary = try write(Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01]), "image.png")
        let dirty = try write(Data("taro@example.jp\n".utf8), "dirty.txt")
        let (status, lines, errors) = run([binary, "/nonexistent/file.txt", dirty])
        XCTAssertEqual(status, 2)
        XCTAssertEqual(lines.count, 1, "the readable file was still scanned")
        XCTAssertEqual(errors.count, 2)
        XCTAssertTrue(errors[0].contains("テキストファイルではありません"))
    }
}
