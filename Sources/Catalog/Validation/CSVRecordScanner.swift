/// The validator's record reader: the grammar and the forgiven problems of `CSVRecordReader`, but a
/// cell is a byte range in the caller's buffer (no String per cell, no allocation per record) and
/// the input may arrive in pieces, so a file of any size is read through a small window.
struct CSVRecordScanner {
    /// A cell's bytes: a range of the input, or of `scratch` when unquoting had to copy it
    /// (an escaped `""` or text after the closing quote).
    struct Cell {
        var start: Int
        var end: Int
        var copied: Bool
    }

    enum Outcome { case record, needMore, end }

    private(set) var cells: [Cell] = []
    private(set) var problems: [CSVRecordReader.SyntaxProblem] = []
    private(set) var scratch: [UInt8] = []
    /// The physical line the last record started on.
    private(set) var recordLine = 1
    private var nextLine = 1

    init() {
        cells.reserveCapacity(64)
        scratch.reserveCapacity(4096)
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// Reads one record from `bytes[index...]`. On `.record` the cells are set and `index` is past
    /// the record; on `.needMore` (only when `isFinal` is false) nothing is consumed: the record may
    /// continue in the next piece. `.end` when no byte is left.
    mutating func next(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int, isFinal: Bool) -> Outcome {
        let end = bytes.count
        guard index < end else { return .end }
        cells.removeAll(keepingCapacity: true)
        problems.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        var i = index
        var line = nextLine
        while true {
            let column = cells.count
            if i < end, bytes[i] == Self.quote {
                // Quoted cell: "" is an escaped quote; CR/LF inside belong to the cell.
                i += 1
                let contentStart = i
                var copyFrom: Int? = nil  // set once the cell can no longer be a plain range
                var closed = false
                while i < end {
                    let byte = bytes[i]
                    if byte == Self.quote {
                        if i + 1 >= end, !isFinal { return .needMore }
                        if i + 1 < end, bytes[i + 1] == Self.quote {
                            if copyFrom == nil { copyFrom = scratch.count; scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<i])) }
                            scratch.append(Self.quote)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if byte == Self.lf { line += 1 }
                    if copyFrom != nil { scratch.append(byte) }
                    i += 1
                }
                if !closed {
                    if !isFinal { return .needMore }
                    problems.append(.unterminatedQuote(column: column))
                }
                let contentEnd = closed ? i - 1 : i
                let trailingStart = i
                while i < end, bytes[i] != Self.comma, bytes[i] != Self.lf, bytes[i] != Self.cr { i += 1 }
                if i >= end, !isFinal { return .needMore }
                if i > trailingStart {
                    problems.append(.textAfterClosingQuote(column: column))
                    if copyFrom == nil { copyFrom = scratch.count; scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<contentEnd])) }
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[trailingStart..<i]))
                }
                if let from = copyFrom {
                    cells.append(Cell(start: from, end: scratch.count, copied: true))
                } else {
                    cells.append(Cell(start: contentStart, end: contentEnd, copied: false))
                }
            } else {
                let start = i
                var sawQuote = false
                while i < end {
                    let byte = bytes[i]
                    if byte == Self.comma || byte == Self.lf || byte == Self.cr { break }
                    if byte == Self.quote { sawQuote = true }
                    i += 1
                }
                if i >= end, !isFinal { return .needMore }
                if sawQuote { problems.append(.quoteInUnquotedCell(column: column)) }
                cells.append(Cell(start: start, end: i, copied: false))
            }
            if i >= end {
                break
            } else if bytes[i] == Self.comma {
                i += 1
                if i >= end, !isFinal { return .needMore }
            } else {
                // CRLF, LF or a lone CR ends the record.
                if bytes[i] == Self.cr {
                    if i + 1 >= end, !isFinal { return .needMore }
                    if i + 1 < end, bytes[i + 1] == Self.lf { i += 1 }
                }
                i += 1
                line += 1
                break
            }
        }
        recordLine = nextLine
        nextLine = line
        index = i
        return .record
    }
}
