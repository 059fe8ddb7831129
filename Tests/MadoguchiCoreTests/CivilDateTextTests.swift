import Foundation
import MadoguchiCore
import XCTest

/// `CivilDate.description` writes `YYYY-MM-DD` digit by digit: the same text `%04d-%02d-%02d` gives,
/// for every day of the years it is written for and at the edges where it falls back to the format.
final class CivilDateTextTests: XCTestCase {
    func testTheTextIsWhatTheFixedFormatWritesAndReadsBack() throws {
        var checked = 0
        for year in [0, 1, 9, 10, 99, 100, 999, 1000, 1868, 1890, 1989, 2019, 2026, 9998, 9999] {
            for month in 1...12 {
                for day in 1...CivilDate.daysIn(month: month, year: year) {
                    let date = try XCTUnwrap(CivilDate(year: year, month: month, day: day))
                    XCTAssertEqual(date.description, String(format: "%04d-%02d-%02d", year, month, day))
                    XCTAssertEqual(CivilDate(iso: date.description), date)
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 15 * 365 + 2) // 0 and 1868 are leap years
    }

    func testYearsBeyondFourDigitsKeepTheFormatsText() throws {
        for year in [-1, -2024, 10000, 123456] {
            let date = try XCTUnwrap(CivilDate(year: year, month: 3, day: 9))
            XCTAssertEqual(date.description, String(format: "%04d-%02d-%02d", year, 3, 9))
        }
    }
}
