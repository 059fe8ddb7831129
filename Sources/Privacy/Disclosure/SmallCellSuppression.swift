import MadoguchiCore

/// Disclosure control (秘匿処理) for published frequency tables: cells counting 1 or 2 people
/// (below `threshold`; 0 is not a disclosure) are suppressed, then complementary cells so that no
/// suppressed value can be worked out by subtraction from a row or column total. A line (row or
/// column, including the total row and total column) that holds one suppressed cell gets a second
/// one, the smallest value available, until no line changes.
public struct SmallCellSuppression: Sendable {
    public var threshold: Int
    /// What replaces a suppressed value in the published table.
    public var marker: String

    public init(threshold: Int = 3, marker: String = "X") {
        self.threshold = threshold
        self.marker = marker
    }

    /// A cell position: row index into `rows` (the header is not a row), column index into the row.
    public struct Cell: Hashable, Sendable, Comparable {
        public let row: Int
        public let column: Int
        public init(row: Int, column: Int) { self.row = row; self.column = column }
        public static func < (a: Cell, b: Cell) -> Bool { (a.row, a.column) < (b.row, b.column) }
    }

    /// The protected table and what was done to it.
    public struct Result: Sendable, Equatable {
        public let header: [String]
        public let rows: [[String]]
        /// Cells below the threshold.
        public let primary: [Cell]
        /// Cells suppressed only to protect the primary ones.
        public let secondary: [Cell]
        /// Detected total row and total column, if any.
        public let totalRow: Int?
        public let totalColumn: Int?
    }

    /// The cells below the threshold (1…threshold-1), without changing anything.
    public func flaggedCells(header: [String], rows: [[String]]) -> [Cell] {
        let grid = NumericGrid(header: header, rows: rows)
        return grid.cells.filter { cell in
            guard let v = grid.value(cell) else { return false }
            return v > 0 && v < threshold
        }.sorted()
    }

    public func protect(header: [String], rows: [[String]]) -> Result {
        let grid = NumericGrid(header: header, rows: rows)
        let primary = Set(flaggedCells(header: header, rows: rows))
        var suppressed = primary
        var changed = true
        while changed {
            changed = false
            for line in grid.lines {
                let hidden = line.filter { suppressed.contains($0) }
                guard hidden.count == 1 else { continue }
                guard let complement = bestComplement(in: line, suppressed: suppressed, grid: grid) else { continue }
                suppressed.insert(complement)
                changed = true
            }
        }
        var out = rows
        for cell in suppressed { out[cell.row][cell.column] = marker }
        return Result(header: header, rows: out, primary: primary.sorted(), secondary: suppressed.subtracting(primary).sorted(),
                      totalRow: grid.totalRow, totalColumn: grid.totalColumn)
    }

    /// The cheapest cell to hide next to a lone suppressed one: inner cells before totals,
    /// positive values before zeros (a zero may be known to be structural), then the smallest.
    private func bestComplement(in line: [Cell], suppressed: Set<Cell>, grid: NumericGrid) -> Cell? {
        line.filter { !suppressed.contains($0) && grid.value($0) != nil }.min { a, b in
            func rank(_ c: Cell) -> (Int, Int, Int, Cell) {
                let v = grid.value(c) ?? 0
                return (grid.isTotal(c) ? 1 : 0, v == 0 ? 1 : 0, v, c)
            }
            return rank(a) < rank(b)
        }
    }
}
