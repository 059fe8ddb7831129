@testable import Catalog
import Foundation
import MadoguchiCore
import XCTest

/// The validator reads files as streams over UTF-8 bytes; these tests hold it to what reading the
/// whole file as Strings reported: the same cells, the same encodings, the same findings, whatever
/// the size of the pieces the file arrives in.
final class CSVStreamingValidationTests: XCTestCase {
    let aed = StandardDatasetLibrary.shared.schema(named: "aed")!

    /// Validates `data` handed over `pieceSize` bytes at a time.
    func streamed(_ data: Data, pieceSize: Int, schema: TableSchema? = nil, limits: ValidationLimits = .standard) -> ValidationReport {
        CSVValidator(limits: limits).validate(byteCount: data.count, against: schema ?? aed) { consume in
            data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                var offset = 0
                while offset < bytes.count {
                    let end = min(offset + pieceSize, bytes.count)
                    if !consume(UnsafeBufferPointer(rebasing: bytes[offset..<end])) { return }
                    offset = end
                }
            }
        }
    }

    var header: String { aed.columnNames.joined(separator: ",") }

    func row(_ no: Int, _ overrides: [Int: String] = [:]) -> String {
        var cells = ["132152", String(no), "東京都", "国立市", "施設\(no)", "シセツ", "東京都国立市富士見台2-47-1", "", "35.6838", "139.4413",
                     "1階ロビー", "042-576-2111", "", "", "", "月;火;水", "08:30", "17:00", "", "有", "https://www.example.jp/", ""]
        for (index, value) in overrides { cells[index] = value }
        return cells.joined(separator: ",")
    }

    /// Quotes, escaped quotes, line breaks in cells, every line ending, blank and ragged rows,
    /// stray and unterminated quotes, and cell errors of every kind the AED layout has.
    var awkwardFile: Data {
        let rows = [
            header,
            row(1),
            row(2, [4: "\"名称, \"\"引用\"\"\"", 1: "\"1\"\"2\"", 21: "\"1行目\n2行目\r\n3行目\""]),
            row(3, [4: "", 8: "135.5", 16: "8時半", 19: "あり", 1: "一"]),
            row(4, [0: "11002", 11: "０４２-５７６-２１１１", 5: "ｼｾﾂ", 20: "www.example.jp", 13: "1234567890123"]),
            ",,,,",
            "  ,\u{3000}",
            row(5, [4: " 施設 ", 21: "=HYPERLINK(\"x\")", 9: "-181", 17: "24:00", 1: "+5"]),
            row(6) + ",余分",
            "132152,7,東京都",
            row(8, [21: "ab\"c"]),
            row(9, [4: "\"閉じた\"後ろ"]),
            row(10, [1: "0010", 8: "1.", 9: ".5", 16: "9:05", 3: "国立市\u{00A0}"]),
        ].joined(separator: "\r\n") + "\n" + row(11) + "\r" + row(12, [10: "\"閉じない"])
        return Data(rows.utf8)
    }

    func testPiecesOfAnySizeGiveTheSameReport() {
        let data = awkwardFile
        let whole = CSVValidator().validate(data, against: aed)
        XCTAssertGreaterThan(whole.issues.count, 20)
        XCTAssertTrue(whole.issues.contains { $0.code == .unterminatedQuote })
        XCTAssertEqual(whole.issues.first { $0.row == 3 && $0.column == "NO" }?.value, "1\"2")
        for size in [1, 2, 3, 5, 17, 64, 4096] {
            XCTAssertEqual(streamed(data, pieceSize: size), whole, "pieces of \(size) bytes")
        }
    }

    /// The byte scanner reads the same records as CSVRecordReader (which reads Strings) on random
    /// text made of the characters that matter to CSV.
    func testScannerReadsWhatTheRecordReaderReads() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["a", "\"", ",", "\r", "\n", "あ", " ", "\"\""]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let expected = CSVRecordReader.records(in: text)
            var scanned: [([String], Int, [CSVRecordReader.SyntaxProblem])] = []
            var scanner = CSVRecordScanner()
            var copy = text
            copy.withUTF8 { bytes in
                var index = 0
                while scanner.next(bytes, at: &index, isFinal: true) == .record {
                    let cells = scanner.cells.map { cell in
                        scanner.scratch.withUnsafeBufferPointer { scratch in
                            String(decoding: UnsafeBufferPointer(rebasing: (cell.copied ? scratch : bytes)[cell.start..<cell.end]), as: UTF8.self)
                        }
                    }
                    scanned.append((cells, scanner.recordLine, scanner.problems))
                }
            }
            XCTAssertEqual(scanned.map(\.0), expected.map(\.cells), "\(text.debugDescription)")
            XCTAssertEqual(scanned.map(\.1), expected.map(\.line), "\(text.debugDescription)")
            XCTAssertEqual(scanned.map(\.2), expected.map(\.problems), "\(text.debugDescription)")
        }
    }

    /// The byte checks only ever skip cells the String rules find nothing in.
    func testByteChecksNeverHideAFinding() {
        let values = ["", " ", "\u{3000}", "1", "0", "007", "+1", "-1", "1.5", ".5", "1.", "1e5", "0x10", "35.6838", "135.5", "90", "90.0000001",
                      "-181", "180", "9999999999999999999", "123456789012345", "1234567890123456", "12:30", "24:00", "8:05", "8:5", "23:60",
                      "2024-02-29", "2023-02-29", "2024/01/01", "2024-1-01", "132152", "132151", "011002", "11002", "１３２１５２",
                      "有", "無", "あり", "カナ", "クニタチ　シヤクショ", "ｶﾅ", "カナ ", "かな", "http://a", "https://example.jp/a b",
                      "https://.x", "http:///x", "https://例え.jp/", "042-576-2111", "+81-42-576-2111", "110", "0120-000-000", "04257621",
                      "=1", "@x", "\tx", "x\u{00A0}", "\u{00A0}x", "１", "Ａ", "文化", "建造物", "7000012050002", "7000012050003",
                      "1234567890123", "月;火;水", "施設", "a\"b", "１２:３０", "ｱ", "ー", "・", "1,000", "01", "1;2", "5.0", "00.5"]
        var fastClean = 0
        for schema in StandardDatasetLibrary.shared.schemas {
            for field in schema.fields {
                let compiled = CompiledField(field)
                let check = CellByteCheck(compiled)
                for value in values + (field.constraints?.enum ?? []) {
                    var findings: [ValidationIssueCode] = []
                    CellRules.check(value, field: compiled) { code, _, _ in findings.append(code) }
                    var copy = value
                    let clean = copy.withUTF8 { check.isCertainlyClean($0) }
                    if clean {
                        fastClean += 1
                        XCTAssertEqual(findings, [], "\(schema.name).\(field.name): \(value.debugDescription)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(fastClean, 500, "the byte checks decide most clean cells")
    }

    func testEveryAEDCellOfACleanRowIsDecidedOnBytes() {
        let checks = aed.fields.map { CellByteCheck(CompiledField($0)) }
        var cells = row(1).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for (index, check) in checks.enumerated() {
            XCTAssertTrue(cells[index].withUTF8 { check.isCertainlyClean($0) }, aed.fields[index].name)
        }
    }

    func testEncodingsAreFoundAsWholeFileDecodingFindsThem() throws {
        let text = [header, row(1, [21: "絵文字😀"]), row(2, [4: ""])].joined(separator: "\r\n") + "\r\n"
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        // UTF-16 with a BOM, in pieces that split characters and surrogate pairs.
        for encoding in [String.Encoding.utf16LittleEndian, .utf16BigEndian] {
            let marker: [UInt8] = encoding == .utf16LittleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
            let data = Data(marker) + text.data(using: encoding)!
            let whole = CSVValidator().validate(data, against: aed)
            XCTAssertEqual(whole.encoding, encoding == .utf16LittleEndian ? .utf16LittleEndian : .utf16BigEndian)
            XCTAssertEqual(whole.issues.map(\.code), [.notUTF8, .requiredValueMissing])
            XCTAssertEqual(whole.rowCount, 2)
            for size in [1, 3, 7] { XCTAssertEqual(streamed(data, pieceSize: size), whole) }
        }
        // Shift_JIS is found after UTF-8 fails, and read again from the start.
        let sjis = text.replacingOccurrences(of: "😀", with: "").data(using: .shiftJIS)!
        let sjisReport = streamed(sjis, pieceSize: 5)
        XCTAssertEqual(sjisReport.encoding, .shiftJIS)
        XCTAssertEqual(sjisReport.issues.map(\.code), [.notUTF8, .requiredValueMissing])
        XCTAssertEqual(sjisReport, CSVValidator().validate(sjis, against: aed))
        // A second BOM right after the first is dropped, as Foundation drops it.
        let doubled = streamed(Data(bom + bom) + Data(text.utf8), pieceSize: 2)
        XCTAssertEqual(doubled.encoding, .utf8WithBOM)
        XCTAssertEqual(doubled.issues.map(\.code), [.requiredValueMissing])
        // After a UTF-8 BOM, a byte that is not UTF-8 makes the file unreadable.
        let broken = streamed(Data(bom) + Data(text.utf8) + Data([0xC0, 0x80]), pieceSize: 4096)
        XCTAssertEqual(broken.issues.map(\.code), [.unreadableEncoding])
        XCTAssertNil(broken.encoding)
        // A lone surrogate after a UTF-16 BOM: not UTF-16, and not anything else either.
        let lone = streamed(Data([0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00]), pieceSize: 1)
        XCTAssertEqual(lone.issues.map(\.code), [.unreadableEncoding])
    }

    /// The row limit stops the checks, not the reading: a Shift_JIS byte after it still decides the
    /// encoding, as it did when the whole file was decoded first.
    func testEncodingIsDecidedByTheWholeFileEvenAfterTheRowLimit() {
        let ascii = ["a,b", "1,2", "3,4", "5,6"].joined(separator: "\r\n") + "\r\n"
        let data = Data(ascii.utf8) + Data([0x82, 0xA0]) + Data("\r\n".utf8)
        let limits = ValidationLimits(maxRows: 1)
        let report = streamed(data, pieceSize: 3, limits: limits)
        XCTAssertEqual(report.encoding, .shiftJIS)
        XCTAssertEqual(report.countsByCode["row-limit-reached"], 1)
        XCTAssertEqual(report, CSVValidator(limits: limits).validate(data, against: aed))
    }

    func testUTF8CheckAgreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [[0x41], [0xE3, 0x81, 0x82], [0xC2, 0xA0], [0xF0, 0x9F, 0x98, 0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80],
                                 [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0x80], [0x80], [0xFF], [0xE3, 0x81], [0xF0, 0x9F], [0x00]]
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...6, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            let expected = String(data: Data(bytes), encoding: .utf8) != nil
            let split = Int.random(in: 0...bytes.count, using: &generator)
            var check = UTF8Validation()
            let accepted = bytes[..<split].withUnsafeBufferPointer { check.accept($0) }
                && bytes[split...].withUnsafeBufferPointer { check.accept($0) } && check.isComplete
            XCTAssertEqual(accepted, expected, "\(bytes) split at \(split)")
        }
    }

    /// A file that is never whole in memory: rows are made as the validator asks for them.
    func testAGeneratedStreamIsValidatedPieceByPiece() async throws {
        let rows = 20_000
        let report = try await CSVValidator().validate(byteCount: 0, against: aed) { consume in
            try await consume(Data((header + "\r\n").utf8))
            var batch = ""
            for number in 1...rows {
                batch += row(number, number % 5_000 == 0 ? [4: ""] : [:]) + "\r\n"
                if number % 1_000 == 0 {
                    try await consume(Data(batch.utf8))
                    batch = ""
                }
            }
        }
        XCTAssertEqual(report.rowCount, rows)
        XCTAssertEqual(report.issues.map(\.row), [5_001, 10_001, 15_001, 20_001])
    }
}
