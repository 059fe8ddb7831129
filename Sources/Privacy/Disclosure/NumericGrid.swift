import MadoguchiCore

/// The numeric part of a parsed table: which cells hold counts, which row and column are totals
/// (合計, 計, 総数, Total), and the lines (rows and columns) whose sums are published.
struct NumericGrid {
    typealias Cell = SmallCellSuppression.Cell

    private let values: [Cell: Int]
    let cells: [Cell]
    let totalRow: Int?
    let totalColumn: Int?
    let lines: [[Cell]]

    static let totalWords: Set<String> = ["合計", "計", "総数", "総計", "小計", "TOTAL", "ALL", "全体"]

    init(header: [String], rows: [[String]]) {
        var values: [Cell: Int] = [:]
        let labelColumns = Set(header.indices.filter { Self.isLabelHeader(header[$0]) })
        for (r, row) in rows.enumerated() {
            for (c, text) in row.enumerated() where !labelColumns.contains(c) {
                if let v = Self.count(text) { values[Cell(row: r, column: c)] = v }
            }
        }
        self.values = values
        cells = values.keys.sorted()
        totalColumn = header.firstIndex { Self.isTotalLabel($0) }
        totalRow = rows.firstIndex { row in row.contains { Self.isTotalLabel($0) } && !row.allSatisfy { Self.count($0) != nil } }
        var lines: [[Cell]] = []
        for r in rows.indices {
            let line = cells.filter { $0.row == r }
            if line.count > 1 { lines.append(line) }
        }
        let columns = Set(cells.map(\.column)).sorted()
        for c in columns {
            let line = cells.filter { $0.column == c }
            if line.count > 1 { lines.append(line) }
        }
        self.lines = lines
    }

    /// Codes, years and ids are numbers but not counts: 地域コード, 年度, 番号, ID.
    static func isLabelHeader(_ text: String) -> Bool {
        let t = JapaneseText.normalized(text).uppercased()
        return ["コード", "番号", "年度", "年次", "ID", "NO", "CODE"].contains { t.contains($0) }
    }

    func value(_ cell: Cell) -> Int? { values[cell] }

    func isTotal(_ cell: Cell) -> Bool { cell.row == totalRow || cell.column == totalColumn }

    static func isTotalLabel(_ text: String) -> Bool {
        totalWords.contains(JapaneseText.normalized(text).trimmingCharacters(in: .whitespaces).uppercased())
    }

    /// A non-negative integer count: "12", "１２", "1,234"; nil for labels, blanks and "-".
    static func count(_ text: String) -> Int? {
        let t = JapaneseText.normalized(text).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        guard !t.isEmpty, t.unicodeScalars.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) else { return nil }
        return Int(t)
    }
}
