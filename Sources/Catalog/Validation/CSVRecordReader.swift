/// A strict RFC 4180 reader over UTF-8 bytes that reports what it had to forgive.
///
/// CSV.swift (the package's general CSV library) silently reads an unterminated quote to the end of
/// the file and swallows stray quotes, and it gives no line numbers; a validator must say where a
/// file is broken, so records are read here. It reads 20× faster than CSV.swift on the same file
/// (`catalog-bench parse`, figures in bench/catalog/README.md).
public struct CSVRecordReader {
    /// What was wrong with the quoting of one record.
    public enum SyntaxProblem: Sendable, Equatable {
        /// A quoted cell was still open at the end of the file (a truncated file).
        case unterminatedQuote(column: Int)
        /// Characters followed a closing quote before the delimiter: `"abc"def`.
        case textAfterClosingQuote(column: Int)
        /// A bare quote inside an unquoted cell: `ab"c`.
        case quoteInUnquotedCell(column: Int)
    }

    /// One record: its cells, the physical line it starts on, and any quoting problems.
    public struct Record {
        public var cells: [String]
        public var line: Int
        public var problems: [SyntaxProblem]
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// Calls `body` for every record until it returns false. A final line break does not start a record.
    public static func forEachRecord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (inout Record) -> Bool) {
        var index = 0
        var line = 1
        let end = bytes.count
        var record = Record(cells: [], line: 1, problems: [])
        record.cells.reserveCapacity(64)
        var cell: [UInt8] = []
        cell.reserveCapacity(256)
        while index < end {
            record.cells.removeAll(keepingCapacity: true)
            record.problems.removeAll(keepingCapacity: true)
            record.line = line
            var atRecordEnd = false
            while !atRecordEnd {
                let column = record.cells.count
                if index < end, bytes[index] == quote {
                    // Quoted cell: "" is an escaped quote; CR/LF inside belong to the cell.
                    index += 1
                    cell.removeAll(keepingCapacity: true)
                    var closed = false
                    while index < end {
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < end, bytes[index + 1] == quote { cell.append(quote); index += 2; continue }
                            index += 1
                            closed = true
                            break
                        }
                        if byte == lf { line += 1 }
                        cell.append(byte)
                        index += 1
                    }
                    if !closed { record.problems.append(.unterminatedQuote(column: column)) }
                    var trailing = false
                    while index < end, bytes[index] != comma, bytes[index] != lf, bytes[index] != cr {
                        cell.append(bytes[index]); index += 1; trailing = true
                    }
                    if trailing { record.problems.append(.textAfterClosingQuote(column: column)) }
                    record.cells.append(String(decoding: cell, as: UTF8.self))
                } else {
                    let start = index
                    var sawQuote = false
                    while index < end {
                        let byte = bytes[index]
                        if byte == comma || byte == lf || byte == cr { break }
                        if byte == quote { sawQuote = true }
                        index += 1
                    }
                    if sawQuote { record.problems.append(.quoteInUnquotedCell(column: column)) }
                    record.cells.append(start == index ? "" : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                }
                if index >= end {
                    atRecordEnd = true
                } else if bytes[index] == comma {
                    index += 1
                } else {
                    // CRLF, LF or a lone CR ends the record.
                    if bytes[index] == cr, index + 1 < end, bytes[index + 1] == lf { index += 1 }
                    index += 1
                    line += 1
                    atRecordEnd = true
                }
            }
            if !body(&record) { return }
        }
    }

    /// Reads every record of a string; for small inputs and tests.
    public static func records(in text: String) -> [Record] {
        var copy = text
        var result: [Record] = []
        copy.withUTF8 { bytes in
            forEachRecord(in: bytes) { record in result.append(record); return true }
        }
        return result
    }
}
