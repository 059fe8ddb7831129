import XCTest
import MadoguchiCore
@testable import Counter

final class HolidayTests: XCTestCase {
    func testHolidaysOf2025MatchTheCabinetOfficeList() {
        let expected = ["2025-01-01", "2025-01-13", "2025-02-11", "2025-02-23", "2025-02-24", "2025-03-20", "2025-04-29",
                        "2025-05-03", "2025-05-04", "2025-05-05", "2025-05-06", "2025-07-21", "2025-08-11", "2025-09-15",
                        "2025-09-23", "2025-10-13", "2025-11-03", "2025-11-23", "2025-11-24"]
        XCTAssertEqual(JapaneseHolidays.holidays(in: 2025).keys.sorted().map(\.description), expected)
    }

    func testHolidaysOf2026IncludeSubstituteAndCitizensHolidays() {
        let expected = ["2026-01-01", "2026-01-12", "2026-02-11", "2026-02-23", "2026-03-20", "2026-04-29",
                        "2026-05-03", "2026-05-04", "2026-05-05", "2026-05-06", "2026-07-20", "2026-08-11", "2026-09-21",
                        "2026-09-22", "2026-09-23", "2026-10-12", "2026-11-03", "2026-11-23"]
        let holidays = JapaneseHolidays.holidays(in: 2026)
        XCTAssertEqual(holidays.keys.sorted().map(\.description), expected)
        XCTAssertEqual(holidays[date("2026-09-22")], "国民の休日")
        XCTAssertEqual(holidays[date("2026-05-06")], "休日（振替休日）")
    }

    func testEnthronementYearGoldenWeekHadTenDaysOff() {
        let holidays = JapaneseHolidays.holidays(in: 2019)
        for day in ["2019-04-29", "2019-04-30", "2019-05-01", "2019-05-02", "2019-05-03", "2019-05-06", "2019-10-22"] {
            XCTAssertNotNil(holidays[date(day)], day)
        }
        XCTAssertEqual(holidays[date("2019-04-30")], "国民の休日")
    }

    func testEquinoxFormula() {
        XCTAssertEqual(JapaneseHolidays.vernalEquinoxDay(2025), 20)
        XCTAssertEqual(JapaneseHolidays.autumnalEquinoxDay(2025), 23)
        XCTAssertEqual(JapaneseHolidays.vernalEquinoxDay(2027), 21)
        XCTAssertEqual(JapaneseHolidays.autumnalEquinoxDay(2028), 22)
    }

    func testOfficeIsClosedOnWeekendsHolidaysAndYearEnd() {
        let calendar = OfficeCalendar.standard
        XCTAssertEqual(calendar.closure(of: date("2026-11-21")), "土曜日")
        XCTAssertEqual(calendar.closure(of: date("2026-11-23")), "勤労感謝の日")
        XCTAssertEqual(calendar.closure(of: date("2026-12-29")), "年末年始")
        XCTAssertEqual(calendar.closure(of: date("2027-01-03")), "年末年始")
        XCTAssertNil(calendar.closure(of: date("2026-11-24")))
        XCTAssertEqual(calendar.nextOpenDay(onOrAfter: date("2026-12-28")), date("2026-12-28"))
        XCTAssertEqual(calendar.nextOpenDay(onOrAfter: date("2026-12-29")), date("2027-01-04"))
        XCTAssertEqual(calendar.nextOpenDay(onOrAfter: date("2026-05-02")), date("2026-05-07"))
    }

    func testDeadlineCountingAndRollOver() {
        let sevenDaysCountingFirst = Deadline(offset: .init(days: 7), countsFirstDay: true,
                                              description: LocalizedText(ja: "7日以内", en: "7 days"))
        // 2026-04-27 + 6 = 05-03 (Sun, holiday) → 5/4, 5/5 holidays, 5/6 substitute → Thu 5/7.
        XCTAssertEqual(sevenDaysCountingFirst.lastDay(from: date("2026-04-27"), calendar: .standard), date("2026-05-07"))
        let fifteenDays = Deadline(offset: .init(days: 15), countsFirstDay: false, description: LocalizedText(ja: "", en: ""))
        XCTAssertEqual(fifteenDays.lastDay(from: date("2026-11-02"), calendar: .standard), date("2026-11-17"))
        let twoYears = Deadline(offset: .init(years: 2), countsFirstDay: false, description: LocalizedText(ja: "", en: ""))
        XCTAssertEqual(twoYears.lastDay(from: date("2026-03-10"), calendar: .standard), date("2028-03-10"))
    }
}
