/// Reads CSV/TSV records (RFC 4180 quoting, fields spanning lines) and remembers where in the file
/// each character of a cell came from, so a finding inside a quoted cell points at the right line
/// and offset. It pulls scalars from a `ScalarChunkReader`, so a table of any size is read in a
/// fixed amount of memory.
struct DelimitedReader {
    struct Cell {
        var scalars: [Unicode.Scalar] = []
        /// For each scalar of the cell, its 1-based line and code-point offset in that line.
        var lines: [Int32] = []
        var offsets: [Int32] = []
        var truncated = false
        var startLine = 1
        var startOffset = 0

        func line(at index: Int) -> Int { index < lines.count ? Int(lines[index]) : startLine }
        func offset(at index: Int) -> Int { index < offsets.count ? Int(offsets[index]) : startOffset }
    }

    private var chunks: ScalarChunkReader
    private var chunk: [Unicode.Scalar] = []
    private var position = 0
    private var pending: Unicode.Scalar?
    private let separator: Unicode.Scalar
    private let maxCellLength: Int
    private var line = 1
    private var offset = 0
    private var finished = false

    init(chunks: ScalarChunkReader, separator: Unicode.Scalar, maxCellLength: Int) {
        self.chunks = chunks
        self.separator = separator
        self.maxCellLength = maxCellLength
    }

    private mutating func next() throws(DocumentScanError) -> Unicode.Scalar? {
        if let p = pending { pending = nil; return p }
        while position == chunk.count {
            guard try chunks.next(into: &chunk) else { return nil }
            position = 0
        }
        defer { position += 1 }
        return chunk[position]
    }

    /// Advances the position past `scalar`.
    private mutating func advance(_ scalar: Unicode.Scalar) {
        if scalar == "\n" { line += 1; offset = 0 } else { offset += 1 }
    }

    private mutating func append(_ scalar: Unicode.Scalar, to cell: inout Cell) {
        if cell.scalars.count < maxCellLength {
            cell.scalars.append(scalar)
            cell.lines.append(Int32(line))
            cell.offsets.append(Int32(offset))
        } else {
            cell.truncated = true
        }
    }

    /// The next record, or nil at the end of the text. A trailing empty line yields no record.
    mutating func nextRecord() throws(DocumentScanError) -> [Cell]? {
        guard !finished else { return nil }
        var record: [Cell] = []
        var cell = Cell(startLine: line, startOffset: offset)
        var quoted = false
        var sawAnything = false
        while let c = try next() {
            sawAnything = true
            if quoted {
                if c == "\"" {
                    advance(c)
                    if let n = try next() {
                        if n == "\"" { append(n, to: &cell); advance(n); continue }
                        pending = n
                    }
                    quoted = false
                    continue
                }
                append(c, to: &cell)
                advance(c)
                continue
            }
            if c == "\"" && cell.scalars.isEmpty { quoted = true; advance(c); continue }
            if c == separator {
                advance(c)
                record.append(cell)
                cell = Cell(startLine: line, startOffset: offset)
                continue
            }
            if c == "\r" { advance(c); continue }
            if c == "\n" {
                advance(c)
                record.append(cell)
                return record
            }
            append(c, to: &cell)
            advance(c)
        }
        finished = true
        guard sawAnything else { return nil }
        record.append(cell)
        return record
    }
}
