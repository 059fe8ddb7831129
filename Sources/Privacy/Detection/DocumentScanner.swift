import Foundation
import MadoguchiCore

/// Scans a whole file, text or CSV, in UTF-8, Shift_JIS or UTF-16: decodes it with Core's
/// `TextDecoding`, walks it line by line (or cell by cell) and locates each match in the file.
/// Lines longer than `maxLineLength` are scanned up to the cap and reported in `notes`, so a
/// minified or corrupt file cannot make a scan take unbounded time on one line.
public struct DocumentScanner: Sendable {
    public var scanner: PIIScanner
    public var maxLineLength: Int

    public init(scanner: PIIScanner = PIIScanner(), maxLineLength: Int = 100_000) {
        self.scanner = scanner
        self.maxLineLength = maxLineLength
    }

    /// How a file's bytes are read.
    public enum Format: Sendable, Equatable {
        case text
        case delimited(separator: Unicode.Scalar)

        /// CSV for `.csv`, TSV for `.tsv`, plain text otherwise.
        public static func forFileName(_ name: String) -> Format {
            switch (name as NSString).pathExtension.lowercased() {
            case "csv": return .delimited(separator: ",")
            case "tsv": return .delimited(separator: "\t")
            default: return .text
            }
        }
    }

    public func scan(data: Data, fileName: String, format: Format? = nil) throws(DocumentScanError) -> ScanReport {
        let decoded: TextDecoding.Decoded
        do {
            decoded = try TextDecoding.decode(data)
        } catch .binary {
            throw .binary(file: fileName)
        } catch {
            throw .unknownEncoding(file: fileName)
        }
        var report = ScanReport(file: fileName, encoding: decoded.encoding.rawValue, findings: [], notes: [])
        switch format ?? .forFileName(fileName) {
        case .text: scanText(decoded.text, into: &report)
        case .delimited(let separator): scanTable(decoded.text, separator: separator, into: &report)
        }
        return report
    }

    private func scanText(_ text: String, into report: inout ScanReport) {
        var line: [Unicode.Scalar] = []
        line.reserveCapacity(256)
        var number = 1
        var truncated = false
        func flush() {
            if line.last == "\r" { line.removeLast() }
            if truncated {
                report.notes.append(ScanNote(file: report.file, line: number,
                                             message: "line longer than \(maxLineLength) characters: scanned the first \(maxLineLength) only"))
            }
            for m in scanner.scan(scalars: line) {
                report.findings.append(PIIFinding(file: report.file, line: number, column: nil, start: m.start, end: m.end,
                                                  kind: m.kind, score: m.score, masked: m.masked))
            }
            line.removeAll(keepingCapacity: true)
            truncated = false
            number += 1
        }
        for scalar in text.unicodeScalars {
            if scalar == "\n" { flush(); continue }
            if line.count < maxLineLength { line.append(scalar) } else { truncated = true }
        }
        if !line.isEmpty { flush() }
    }

    private func scanTable(_ text: String, separator: Unicode.Scalar, into report: inout ScanReport) {
        var reader = DelimitedReader(text: text, separator: separator, maxCellLength: maxLineLength)
        guard let header = reader.nextRecord() else { return }
        let hints = header.map { ColumnHint.forHeader(String(String.UnicodeScalarView($0.scalars))) }
        let tableHasNames = hints.contains { $0.kind == .personName }
        while let record = reader.nextRecord() {
            for (index, cell) in record.enumerated() where !cell.scalars.isEmpty {
                if cell.truncated {
                    report.notes.append(ScanNote(file: report.file, line: cell.line(at: 0),
                                                 message: "cell longer than \(maxLineLength) characters: scanned the first \(maxLineLength) only"))
                }
                let hint = index < hints.count ? hints[index] : nil
                for m in scanner.scan(scalars: cell.scalars, column: hint, tableHasNames: tableHasNames) {
                    report.findings.append(PIIFinding(file: report.file, line: cell.line(at: m.start), column: hint?.name,
                                                      start: cell.offset(at: m.start), end: cell.offset(at: m.start) + (m.end - m.start),
                                                      kind: m.kind, score: m.score, masked: m.masked))
                }
            }
        }
    }
}
