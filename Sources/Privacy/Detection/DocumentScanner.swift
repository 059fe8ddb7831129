import Foundation
import MadoguchiCore

/// Scans a whole file, text or CSV, in UTF-8, Shift_JIS or UTF-16: finds its encoding as Core's
/// `TextDecoding` does, decodes it a chunk at a time, walks it line by line (or cell by cell) and
/// locates each match in the file.
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

    /// Scans data in memory and collects what it finds (the publish guard's uploads).
    public func scan(data: Data, fileName: String, format: Format? = nil) throws(DocumentScanError) -> ScanReport {
        var findings: [PIIFinding] = []
        var notes: [ScanNote] = []
        let encoding = try scan(ByteSource(data: data), fileName: fileName, format: format,
                                note: { notes.append($0) }, finding: { findings.append($0) })
        return ScanReport(file: fileName, encoding: encoding.rawValue, findings: findings, notes: notes)
    }

    /// Scans the file at `path` in chunks, handing each finding and note over as soon as it is
    /// found, so that memory stays the same whatever the file's size. The whole file is checked
    /// for its encoding first: an error is thrown before anything is handed over. Returns the
    /// encoding.
    @discardableResult
    public func scan(fileAt path: String, fileName: String? = nil, format: Format? = nil,
                     note: (ScanNote) -> Void, finding: (PIIFinding) -> Void) throws(DocumentScanError) -> TextDecoding.Encoding {
        try scan(ByteSource(path: path), fileName: fileName ?? path, format: format, note: note, finding: finding)
    }

    private func scan(_ source: ByteSource, fileName: String, format: Format?,
                      note: (ScanNote) -> Void, finding: (PIIFinding) -> Void) throws(DocumentScanError) -> TextDecoding.Encoding {
        let found = try EncodingDetector.detect(source, file: fileName)
        let chunks = try ScalarChunkReader(source: source, encoding: found.encoding, skip: found.skip, file: fileName)
        switch format ?? .forFileName(fileName) {
        case .text: try scanText(chunks, file: fileName, note: note, finding: finding)
        case .delimited(let separator): try scanTable(chunks, separator: separator, file: fileName, note: note, finding: finding)
        }
        return found.encoding
    }

    private func scanText(_ chunks: ScalarChunkReader, file: String,
                          note: (ScanNote) -> Void, finding: (PIIFinding) -> Void) throws(DocumentScanError) {
        var chunks = chunks
        var chunk: [Unicode.Scalar] = []
        var line: [Unicode.Scalar] = []
        line.reserveCapacity(1024)
        var number = 1
        var truncated = false
        func flush() {
            if line.last == "\r" { line.removeLast() }
            if truncated {
                note(ScanNote(file: file, line: number, message: "line longer than \(maxLineLength) characters: scanned the first \(maxLineLength) only"))
            }
            for m in scanner.scan(scalars: line) {
                finding(PIIFinding(file: file, line: number, column: nil, start: m.start, end: m.end, kind: m.kind, score: m.score, masked: m.masked))
            }
            line.removeAll(keepingCapacity: true)
            truncated = false
            number += 1
        }
        while try chunks.next(into: &chunk) {
            var start = 0
            while start < chunk.count {
                var end = start
                while end < chunk.count, chunk[end] != "\n" { end += 1 }
                let room = maxLineLength - line.count
                if end - start > room {
                    line.append(contentsOf: chunk[start..<(start + room)])
                    truncated = true
                } else {
                    line.append(contentsOf: chunk[start..<end])
                }
                if end < chunk.count { flush() }
                start = end + 1
            }
        }
        if !line.isEmpty { flush() }
    }

    private func scanTable(_ chunks: ScalarChunkReader, separator: Unicode.Scalar, file: String,
                           note: (ScanNote) -> Void, finding: (PIIFinding) -> Void) throws(DocumentScanError) {
        var reader = DelimitedReader(chunks: chunks, separator: separator, maxCellLength: maxLineLength)
        guard let header = try reader.nextRecord() else { return }
        let hints = header.map { ColumnHint.forHeader(String(String.UnicodeScalarView($0.scalars))) }
        let tableHasNames = hints.contains { $0.kind == .personName }
        while let record = try reader.nextRecord() {
            for (index, cell) in record.enumerated() where !cell.scalars.isEmpty {
                if cell.truncated {
                    note(ScanNote(file: file, line: cell.line(at: 0),
                                  message: "cell longer than \(maxLineLength) characters: scanned the first \(maxLineLength) only"))
                }
                let hint = index < hints.count ? hints[index] : nil
                for m in scanner.scan(scalars: cell.scalars, column: hint, tableHasNames: tableHasNames) {
                    finding(PIIFinding(file: file, line: cell.line(at: m.start), column: hint?.name,
                                       start: cell.offset(at: m.start), end: cell.offset(at: m.start) + (m.end - m.start),
                                       kind: m.kind, score: m.score, masked: m.masked))
                }
            }
        }
    }
}
