import Foundation
import XCTest
@testable import Privacy

final class PrivacyScanTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("privacy-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func file(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    func run(_ paths: [String], json: Bool = true) -> (Int32, [String], [String]) {
        var out: [String] = []
        var err: [String] = []
        let status = PrivacyScan.run(paths: paths, json: json, write: { out.append($0) }, writeError: { err.append($0) })
        return (status, out, err)
    }

    func testCSVFindingsCarryLineColumnAndMaskedValue() throws {
        let csv = "氏名,電話番号,個人番号\r\n山田 太郎,03-1234-5678,123456789018\r\n"
        let path = try file("residents.csv", Data(csv.utf8))
        let (status, out, _) = run([path])
        XCTAssertEqual(status, 1)
        XCTAssertEqual(out.count, 3)
        let objects = try out.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let myNumber = try XCTUnwrap(objects.first { $0["kind"] as? String == "my_number" })
        XCTAssertEqual(myNumber["line"] as? Int, 2)
        XCTAssertEqual(myNumber["column"] as? String, "個人番号")
        XCTAssertEqual(myNumber["start"] as? Int, 19)
        XCTAssertEqual(myNumber["end"] as? Int, 31)
        XCTAssertFalse(out.joined().contains("123456789018"))
        XCTAssertFalse(out.joined().contains("太郎"))
    }

    func testShiftJISTextFile() throws {
        let text = "お問い合わせ\n電話 090-1234-5678\n"
        let path = try file("memo.txt", text.data(using: .shiftJIS)!)
        let (status, out, _) = run([path], json: false)
        XCTAssertEqual(status, 1)
        XCTAssertEqual(out, ["\(path):2:3-16 phone 1.00 ***-****-5678"])
    }

    func testNothingFoundExitsZero() throws {
        let path = try file("plain.txt", Data("令和7年度の予算は前年度比3%増です。\n".utf8))
        XCTAssertEqual(run([path]).0, 0)
    }

    func testBinaryAndMissingFilesExitTwoWithAClearMessage() throws {
        let path = try file("image.png", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01]))
        let (status, _, err) = run([path, directory.appendingPathComponent("missing.txt").path])
        XCTAssertEqual(status, 2)
        XCTAssertTrue(err[0].contains("not a text file"))
        XCTAssertTrue(err[1].contains("cannot be read"))
    }

    func testHugeLinesAreCappedAndReported() throws {
        let line = String(repeating: "あ", count: 500) + " 090-1234-5678"
        let path = try file("long.txt", Data(line.utf8))
        var out: [String] = []
        var err: [String] = []
        let status = PrivacyScan.run(paths: [path], json: true, scanner: DocumentScanner(maxLineLength: 100),
                                     write: { out.append($0) }, writeError: { err.append($0) })
        XCTAssertEqual(status, 0)
        XCTAssertTrue(err[0].contains("scanned the first 100 only"))
    }

    /// A file larger than the scanner's read chunk, with a line and a character cut by the chunk
    /// boundary: streamed from the file, it gives what scanning it in memory gives.
    func testFilesAreScannedInChunksWithTheSameFindings() throws {
        var text = ""
        var line = 0
        while text.utf8.count + 100 < ByteSource.chunkSize { text += "令和7年度の予算について説明します。\n"; line += 1 }
        // The x's end 5 bytes before the boundary: it cuts 話 (3 bytes) after its second byte.
        let xs = ByteSource.chunkSize - 5 - text.utf8.count
        text += String(repeating: "x", count: xs) + "電話 090-1234-5678 氏名：山田 太郎\n"
        text += String(repeating: "お知らせ\n", count: 1000) + "〒186-8501"
        let data = Data(text.utf8)
        let path = try file("big.txt", data)
        let inMemory = try DocumentScanner().scan(data: data, fileName: path).findings
        var streamed: [PIIFinding] = []
        try DocumentScanner().scan(fileAt: path, note: { _ in }, finding: { streamed.append($0) })
        XCTAssertEqual(streamed, inMemory)
        XCTAssertEqual(streamed.map(\.kind), [.phone, .personName, .postalCode])
        XCTAssertEqual(streamed.map(\.line), [line + 1, line + 1, line + 1002])
        XCTAssertEqual(streamed.map(\.start), [xs + 3, xs + 20, 1])
    }

    func testUTF16AndShiftJISFilesLargerThanAChunk() throws {
        let body = String(repeating: "お問い合わせ窓口のご案内です。\n", count: 40_000) + "電話 090-1234-5678\n"
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(body.data(using: .utf16LittleEndian)!)
        XCTAssertGreaterThan(utf16.count, ByteSource.chunkSize)
        let sjis = body.data(using: .shiftJIS)!
        XCTAssertGreaterThan(sjis.count, ByteSource.chunkSize)
        for (name, data) in [("utf16.txt", utf16), ("sjis.txt", sjis)] {
            let path = try file(name, data)
            let (status, out, _) = run([path], json: false)
            XCTAssertEqual(status, 1, name)
            XCTAssertEqual(out, ["\(path):40001:3-16 phone 1.00 ***-****-5678"], name)
        }
    }

    func testAFileThatIsNotTextAfterItsFirstChunkReportsNothing() throws {
        var data = Data(String(repeating: "電話 090-1234-5678\n", count: 60_000).utf8)
        XCTAssertGreaterThan(data.count, ByteSource.chunkSize)
        data.append(contentsOf: [0xFF, 0xFF, 0x0A])
        let path = try file("broken.txt", data)
        let (status, out, err) = run([path])
        XCTAssertEqual(status, 2)
        XCTAssertEqual(out, [])
        XCTAssertTrue(err[0].contains("unknown character encoding"), err[0])
    }

    func testScoresAreWrittenAsPrintfWritesThem() {
        for hundredths in 0...100 {
            let score = (Double(hundredths) / 100 * 100).rounded() / 100
            XCTAssertEqual(PrivacyScan.scoreText(score), String(format: "%.2f", score))
        }
        XCTAssertEqual(PrivacyScan.scoreText(0.125), String(format: "%.2f", 0.125))
    }

    func testPublishGuardBlocksNamesButOnlyWarnsOnFacilityContacts() {
        let guardian = PublishGuard()
        let facilities = "施設名,住所,電話番号\n中央図書館,東京都国立市富士見台2丁目47番地1,042-576-2111\n"
        XCTAssertEqual(guardian.inspect(data: Data(facilities.utf8), fileName: "facilities.csv").verdict, .warn)
        let residents = "氏名,生年月日\n山田 太郎,昭和55年3月4日\n"
        let inspection = guardian.inspect(data: Data(residents.utf8), fileName: "list.csv")
        XCTAssertEqual(inspection.verdict, .block)
        XCTAssertTrue(inspection.requiresOverride)
        XCTAssertEqual(guardian.inspect(data: Data([0, 1, 2]), fileName: "a.xlsx").verdict, .unscannable)
        // The national AED template: 名称 and 名称_カナ name facilities, not people.
        let aed = "NO,名称,名称_カナ,住所,電話番号\n1,国立市役所,クニタチシヤクショ,東京都国立市富士見台2-47-1,042-576-2111\n"
        XCTAssertNotEqual(guardian.inspect(data: Data(aed.utf8), fileName: "aed.csv").verdict, .block)
        XCTAssertNil(ColumnHint.forHeader("名称_カナ").kind)
        XCTAssertEqual(ColumnHint.forHeader("氏名（カナ）").kind, .personName)
    }
}
