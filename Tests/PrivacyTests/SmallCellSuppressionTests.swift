import XCTest
@testable import Privacy

final class SmallCellSuppressionTests: XCTestCase {
    typealias Cell = SmallCellSuppression.Cell

    func testFlagsOneAndTwoButNotZero() {
        let header = ["地区", "男", "女"]
        let rows = [["東", "0", "1"], ["西", "2", "30"], ["南", "3", "15"]]
        XCTAssertEqual(SmallCellSuppression().flaggedCells(header: header, rows: rows),
                       [Cell(row: 0, column: 2), Cell(row: 1, column: 1)])
        XCTAssertEqual(SmallCellSuppression(threshold: 5).flaggedCells(header: header, rows: rows).count, 3)
    }

    func testEveryLineWithASuppressedCellHasAtLeastTwo() {
        let header = ["地区", "0-14歳", "15-64歳", "65歳以上", "合計"]
        let rows = [
            ["東", "12", "1", "40", "53"],
            ["西", "20", "35", "18", "73"],
            ["南", "9", "50", "22", "81"],
            ["合計", "41", "86", "80", "207"],
        ]
        let result = SmallCellSuppression().protect(header: header, rows: rows)
        XCTAssertEqual(result.primary, [Cell(row: 0, column: 2)])
        XCTAssertEqual(result.totalRow, 3)
        XCTAssertEqual(result.totalColumn, 4)
        let hidden = Set(result.primary + result.secondary)
        for r in 0..<4 {
            let n = hidden.filter { $0.row == r }.count
            XCTAssertTrue(n == 0 || n >= 2, "row \(r) has \(n) suppressed cells")
        }
        for c in 1...4 {
            let n = hidden.filter { $0.column == c }.count
            XCTAssertTrue(n == 0 || n >= 2, "column \(c) has \(n) suppressed cells")
        }
        // The smallest complements: 9 in its column (row 2), 12 in row 0, then 20 or 9 to close the pattern.
        XCTAssertTrue(hidden.contains(Cell(row: 0, column: 1)))
        XCTAssertTrue(hidden.contains(Cell(row: 2, column: 2)) || hidden.contains(Cell(row: 1, column: 2)))
        XCTAssertEqual(result.rows[0][2], "X")
        XCTAssertFalse(hidden.contains { $0.row == 3 || $0.column == 4 }, "totals stay when inner cells suffice")
    }

    func testCodesAndYearsAreNotCounts() {
        let header = ["地域コード", "人数", "世帯数"]
        let rows = [["1", "1", "10"], ["2", "20", "30"]]
        XCTAssertEqual(SmallCellSuppression().flaggedCells(header: header, rows: rows), [Cell(row: 0, column: 1)])
    }
}
