import MadoguchiCore
import XCTest

final class WarekiTests: XCTestCase {
    func d(_ y: Int, _ m: Int, _ day: Int) -> CivilDate { CivilDate(year: y, month: m, day: day)! }

    func testFormattingAtEraBoundaries() {
        XCTAssertEqual(Wareki.format(d(2019, 4, 30)), "平成31年4月30日")
        XCTAssertEqual(Wareki.format(d(2019, 5, 1)), "令和元年5月1日")
        XCTAssertEqual(Wareki.format(d(2020, 1, 1)), "令和2年1月1日")
        XCTAssertEqual(Wareki.format(d(1989, 1, 7)), "昭和64年1月7日")
        XCTAssertEqual(Wareki.format(d(1989, 1, 8)), "平成元年1月8日")
        XCTAssertEqual(Wareki.format(d(1926, 12, 25)), "昭和元年12月25日")
    }

    func testParsingForms() throws {
        XCTAssertEqual(try Wareki.parse("令和元年5月1日"), d(2019, 5, 1))
        XCTAssertEqual(try Wareki.parse("令和1年5月1日"), d(2019, 5, 1))
        XCTAssertEqual(try Wareki.parse("平成31年4月30日"), d(2019, 4, 30))
        XCTAssertEqual(try Wareki.parse("R7.4.1"), d(2025, 4, 1))
        XCTAssertEqual(try Wareki.parse("H31/04/30"), d(2019, 4, 30))
        XCTAssertEqual(try Wareki.parse("昭和６４年１月７日"), d(1989, 1, 7))
        XCTAssertEqual(try Wareki.parse("平成元年1月8日"), d(1989, 1, 8))
    }

    func testParsingRejectsDatesOutsideTheirEra() {
        XCTAssertThrowsError(try Wareki.parse("平成31年5月1日")) { XCTAssertEqual($0 as? Wareki.ParseError, .outsideEra(era: "平成", year: 31)) }
        XCTAssertThrowsError(try Wareki.parse("令和元年4月30日")) { XCTAssertEqual($0 as? Wareki.ParseError, .outsideEra(era: "令和", year: 1)) }
        XCTAssertThrowsError(try Wareki.parse("昭和64年1月8日"))
        XCTAssertThrowsError(try Wareki.parse("平成元年1月7日"))
        XCTAssertThrowsError(try Wareki.parse("令和5年2月29日")) { XCTAssertEqual($0 as? Wareki.ParseError, .noSuchDate("令和5年2月29日")) }
        XCTAssertThrowsError(try Wareki.parse("天平1年1月1日")) { XCTAssertEqual($0 as? Wareki.ParseError, .unknownEra("天平")) }
        XCTAssertThrowsError(try Wareki.parse("2025年4月1日"))
    }

    func testRoundTripOverEveryDayAroundTheBoundaries() throws {
        for start in [d(1988, 12, 1), d(2019, 3, 1)] {
            for offset in 0..<120 {
                let date = start.adding(days: offset)
                XCTAssertEqual(try Wareki.parse(Wareki.format(date)), date)
            }
        }
    }
}

final class FiscalYearTests: XCTestCase {
    func testAprilToMarch() {
        let march31 = CivilDate(year: 2026, month: 3, day: 31)!
        let april1 = CivilDate(year: 2026, month: 4, day: 1)!
        XCTAssertEqual(FiscalYear(containing: march31).startYear, 2025)
        XCTAssertEqual(FiscalYear(containing: april1).startYear, 2026)
        XCTAssertEqual(FiscalYear(startYear: 2025).lastDay, march31)
        XCTAssertTrue(FiscalYear(startYear: 2024).contains(CivilDate(year: 2025, month: 2, day: 29) ?? CivilDate(year: 2025, month: 2, day: 28)!))
    }

    func testWarekiLabelsFollowGovernmentUsage() {
        XCTAssertEqual(FiscalYear(startYear: 2025).warekiLabel, "令和7年度")
        XCTAssertEqual(FiscalYear(startYear: 2019).warekiLabel, "令和元年度")
        XCTAssertEqual(FiscalYear(startYear: 2018).warekiLabel, "平成30年度")
        XCTAssertEqual(FiscalYear(startYear: 1988).warekiLabel, "昭和63年度")
        XCTAssertEqual(FiscalYear(startYear: 1989).warekiLabel, "平成元年度")
    }
}

final class CivilDateTests: XCTestCase {
    func testTypedDatesAcceptISOAndWarekiWithFullWidthDigits() {
        XCTAssertEqual(CivilDate(typed: " 2026-11-01 "), CivilDate(year: 2026, month: 11, day: 1))
        XCTAssertEqual(CivilDate(typed: "令和８年１１月１日"), CivilDate(year: 2026, month: 11, day: 1))
        XCTAssertEqual(CivilDate(typed: "昭和25年4月1日"), CivilDate(year: 1950, month: 4, day: 1))
        XCTAssertNil(CivilDate(typed: "2026-02-30"))
        XCTAssertNil(CivilDate(typed: "いつか"))
        XCTAssertNil(CivilDate(typed: ""))
    }

    func testArithmeticAndWeekdays() {
        let date = CivilDate(year: 2024, month: 1, day: 31)!
        XCTAssertEqual(date.adding(months: 1), CivilDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(date.adding(days: 366), CivilDate(year: 2025, month: 1, day: 31))
        XCTAssertEqual(CivilDate(year: 2026, month: 11, day: 22)!.weekday, 0, "2026-11-22 is a Sunday")
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber, 0)
        XCTAssertNil(CivilDate(iso: "2023-02-29"))
        XCTAssertEqual(CivilDate(iso: "２０２５-０４-０１"), CivilDate(year: 2025, month: 4, day: 1))
        XCTAssertEqual(CivilDate(year: 1950, month: 6, day: 15)!.wholeYears(until: CivilDate(year: 2025, month: 6, day: 14)!), 74)
        XCTAssertEqual(CivilDate(year: 1950, month: 6, day: 15)!.wholeYears(until: CivilDate(year: 2025, month: 6, day: 15)!), 75)
    }
}
