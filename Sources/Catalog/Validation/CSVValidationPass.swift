import MadoguchiCore

/// One pass over the records of a file already decoded to UTF-8, fed in pieces: the header, the
/// structure of every record and every cell. It keeps one window of bytes (the current piece and
/// the unfinished record carried over), never the file.
struct CSVValidationPass {
    let schema: TableSchema
    let limits: ValidationLimits
    var collector: IssueCollector
    private var scanner = CSVRecordScanner()
    private var header: HeaderMatch?
    private var checks: [(field: CompiledField, column: Int, bytes: CellByteCheck)] = []
    private var recordNumber = 0
    private(set) var dataRows = 0
    /// True once the row limit stopped the pass: nothing more needs reading.
    private(set) var stopped = false
    private var window: [UInt8] = []

    init(schema: TableSchema, limits: ValidationLimits, collector: IssueCollector) {
        self.schema = schema
        self.limits = limits
        self.collector = collector
        window.reserveCapacity(1 << 20)
    }

    /// Reads every complete record of `piece` (after what was carried over); keeps the rest.
    mutating func feed(_ piece: UnsafeBufferPointer<UInt8>) {
        guard !stopped else { return }
        if window.isEmpty {
            let used = consume(piece, isFinal: false)
            window.append(contentsOf: UnsafeBufferPointer(rebasing: piece[used...]))
        } else {
            window.append(contentsOf: piece)
            let used = window.withUnsafeBufferPointer { consume($0, isFinal: false) }
            window.removeFirst(used)
        }
    }

    /// Reads what is left: the last record may lack its line break.
    mutating func finish() {
        guard !stopped else { return }
        _ = window.withUnsafeBufferPointer { consume($0, isFinal: true) }
        window.removeAll()
        if header == nil {
            collector.add(ValidationIssue(code: .emptyFile, message: LocalizedText(ja: "ファイルが空です", en: "The file is empty")))
        }
    }

    private mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, isFinal: Bool) -> Int {
        var index = 0
        while !stopped {
            var next = index
            switch scanner.next(bytes, at: &next, isFinal: isFinal) {
            case .end, .needMore: return index
            case .record:
                index = next
                let record = scanner  // shares the scanner's storage while this record is checked
                record.scratch.withUnsafeBufferPointer { scratch in
                    handleRecord(record, bytes, scratch)
                }
            }
        }
        return index
    }

    private mutating func handleRecord(_ scanner: CSVRecordScanner, _ bytes: UnsafeBufferPointer<UInt8>, _ scratch: UnsafeBufferPointer<UInt8>) {
        recordNumber += 1
        let line = scanner.recordLine
        reportSyntax(scanner.problems, row: recordNumber, line: line)
        func cell(_ c: CSVRecordScanner.Cell) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: (c.copied ? scratch : bytes)[c.start..<c.end])
        }
        guard let match = header else {
            let names = scanner.cells.map { String(decoding: cell($0), as: UTF8.self) }
            let match = HeaderMatch(header: names, schema: schema)
            match.report(into: &collector)
            header = match
            checks = match.columns.map { (field: $0.0, column: $0.1, bytes: CellByteCheck($0.0)) }
            return
        }
        dataRows += 1
        if dataRows > limits.maxRows {
            dataRows -= 1
            collector.add(ValidationIssue(code: .rowLimitReached, row: recordNumber, line: line, message: LocalizedText(
                ja: "行数が上限（\(limits.maxRows) 行）を超えたため、以降は検査していません",
                en: "Stopped after \(limits.maxRows) rows (the limit)")))
            stopped = true
            return
        }
        let cells = scanner.cells
        if isBlank(cells.lazy.map(cell)) {
            collector.add(ValidationIssue(code: .blankRow, row: recordNumber, line: line,
                                          message: LocalizedText(ja: "空行です（削除してください）", en: "Blank row")))
            return
        }
        if cells.count > match.width {
            collector.add(ValidationIssue(code: .extraCells, row: recordNumber, line: line, message: LocalizedText(
                ja: "列数が見出しより多くなっています（\(cells.count) 列、見出しは \(match.width) 列）",
                en: "\(cells.count) cells but the header has \(match.width)")))
        } else if cells.count < match.width {
            collector.add(ValidationIssue(code: .missingCells, row: recordNumber, line: line, message: LocalizedText(
                ja: "列数が見出しより少なくなっています（\(cells.count) 列、見出しは \(match.width) 列）",
                en: "\(cells.count) cells but the header has \(match.width)")))
        }
        // By index: iterating the elements would copy each (and retain what it holds) per cell.
        for index in checks.indices where checks[index].column < cells.count {
            let bytes = cell(cells[checks[index].column])
            if checks[index].bytes.isCertainlyClean(bytes) { continue }
            let field = checks[index].field
            let text = String(decoding: bytes, as: UTF8.self)
            let row = recordNumber
            CellRules.check(text, field: field) { code, message, severity in
                collector.add(ValidationIssue(code: code, severity: severity, row: row, line: line,
                                              column: field.field.name, value: text, message: message))
            }
        }
    }

    /// `cells.allSatisfy { $0.allSatisfy(\.isWhitespace) }` without Strings where bytes decide: an
    /// ASCII byte that is not whitespace settles it; only non-ASCII text needs Characters.
    private func isBlank<C: Collection>(_ cells: C) -> Bool where C.Element == UnsafeBufferPointer<UInt8> {
        var onlyASCIISpace = true
        for cell in cells {
            for byte in cell {
                if byte < 0x80 {
                    if byte != 0x20 && !(0x09...0x0D).contains(byte) { return false }
                } else {
                    onlyASCIISpace = false
                }
            }
        }
        if onlyASCIISpace { return true }
        return cells.allSatisfy { String(decoding: $0, as: UTF8.self).allSatisfy(\.isWhitespace) }
    }

    private mutating func reportSyntax(_ problems: [CSVRecordReader.SyntaxProblem], row: Int, line: Int) {
        for problem in problems {
            switch problem {
            case .unterminatedQuote:
                collector.add(ValidationIssue(code: .unterminatedQuote, row: row, line: line, message: LocalizedText(
                    ja: "引用符（\"）が閉じられていません。ファイルが途中で切れている可能性があります",
                    en: "A quoted cell is never closed; the file may be truncated")))
            case .textAfterClosingQuote, .quoteInUnquotedCell:
                collector.add(ValidationIssue(code: .malformedQuote, row: row, line: line, message: LocalizedText(
                    ja: "引用符（\"）の使い方が正しくありません（セル内の \" は \"\" と書きます）",
                    en: "Misplaced quote; write a quote inside a cell as \"\"")))
            }
        }
    }
}
