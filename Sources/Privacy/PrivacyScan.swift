import Foundation
import MadoguchiCore

/// `madoguchi privacy scan [--json] FILE…`: scans text and CSV files (UTF-8, UTF-16 or
/// Shift_JIS) and reports personal information, masked. Exit codes: 0 nothing found, 1 found,
/// 2 a file could not be read (other files are still scanned).
public enum PrivacyScan {
    /// Files larger than this are refused rather than read into memory.
    public static let maximumFileBytes = 512 * 1024 * 1024
    /// Lines longer than this (in Unicode scalars) are scanned up to the limit, with a warning.
    public static let maximumLineScalars = 100_000

    public static func run(paths: [String], json: Bool, write: (String) -> Void, writeError: (String) -> Void) -> Int32 {
        var foundAny = false
        var failed = false
        let scanner = PIIScanner()
        for path in paths {
            do {
                let findings = try scanFile(path: path, scanner: scanner, warn: { writeError("\(path): \($0)") })
                foundAny = foundAny || !findings.isEmpty
                for finding in findings { write(json ? jsonLine(finding, file: path) : textLine(finding, file: path)) }
            } catch let error as ScanError {
                failed = true
                writeError("\(path): \(error.message)")
            } catch {
                failed = true
                writeError("\(path): \(error.localizedDescription)")
            }
        }
        if failed { return 2 }
        return foundAny ? 1 : 0
    }

    /// Why a file could not be scanned.
    public struct ScanError: Error {
        public let message: String
    }

    /// All findings of one file; CSV files (by extension) are scanned cell by cell with their headers.
    public static func scanFile(path: String, scanner: PIIScanner = PIIScanner(), warn: (String) -> Void = { _ in }) throws -> [PIIFinding] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = attributes?[.size] as? Int else { throw ScanError(message: "ファイルを開けません (cannot open file)") }
        guard size <= maximumFileBytes else {
            throw ScanError(message: "ファイルが大きすぎます（上限 \(maximumFileBytes / 1_048_576) MiB） (file too large)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ScanError(message: "ファイルを読めません (cannot read file)") }
        let text: String
        do { text = try TextDecoding.decode(data).text } catch { throw ScanError(message: "\(error.message.ja) (\(error.message.en))") }
        return scan(text: text, isCSV: path.lowercased().hasSuffix(".csv"), scanner: scanner, warn: warn)
    }

    public static func scan(text: String, isCSV: Bool, scanner: PIIScanner = PIIScanner(), warn: (String) -> Void = { _ in }) -> [PIIFinding] {
        var findings: [PIIFinding] = []
        var header: [String] = []
        var lines: [String] = []
        text.enumerateLines { line, _ in lines.append(line) }
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            var line = rawLine
            if line.unicodeScalars.count > maximumLineScalars {
                warn("line \(number) is longer than \(maximumLineScalars) characters; only its start was scanned")
                line = String(String.UnicodeScalarView(line.unicodeScalars.prefix(maximumLineScalars)))
            }
            guard isCSV else {
                findings += scanner.scan(line: line, number: number)
                continue
            }
            let fields = CSVLineFields.split(line)
            if number == 1 {
                header = fields.map { $0.text.trimmingCharacters(in: .whitespaces) }
                continue
            }
            let rowContext = PIIPatterns.contextKinds(in: header.joined(separator: ","))
                .intersection([.personName])
            for (index, field) in fields.enumerated() {
                let column = index < header.count ? header[index] : nil
                findings += scanner.scan(cell: field.text, offset: field.offset, line: number, column: column,
                                         rowContext: rowContext)
            }
        }
        return findings
    }

    static func jsonLine(_ f: PIIFinding, file: String) -> String {
        let object: [String: Any] = ["file": file, "line": f.line, "column": f.column as Any? ?? NSNull(), "start": f.start,
                                     "end": f.end, "kind": f.kind.rawValue, "score": f.score, "masked": f.masked]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func textLine(_ f: PIIFinding, file: String) -> String {
        "\(file):\(f.line):\(f.start)-\(f.end)\(f.column.map { " [\($0)]" } ?? "") \(f.kind.rawValue) score=\(f.score) \(f.masked)"
    }
}
