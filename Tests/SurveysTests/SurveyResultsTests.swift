import FluentKit
import Foundation
import Indicators
import MadoguchiCore
@testable import Surveys
import XCTest

/// Per-question aggregation, the published breakdown's small-cell suppression (cells under 10
/// respondents shown as 「—」 and complementary cells so none follows from the totals), and the
/// survey indicators' value and n from answers whose result is known.
final class SurveyResultsTests: XCTestCase {
    typealias Row = (age: String, area: String, answers: [String: String])

    static func rows(_ n: Int, _ age: String, _ area: String, _ q2: String) -> [Row] {
        Array(repeating: (age: age, area: area, answers: ["q2": q2]), count: n)
    }

    func testSmallCellsAndTheirComplementsAreHidden() throws {
        let definition = try SurveysFixture.draft.validated(indicators: Set(SurveyIndicators.all.map(\.id))).definition
        // 30–39 × 東: 12 (6 counted), 30–39 × 西: 15, 40–49 × 東: 20, 40–49 × 西: 3 (small), 40–49 × 北: 11.
        let responses = Self.rows(6, "30-39", "area-1", "1") + Self.rows(6, "30-39", "area-1", "3") + Self.rows(15, "30-39", "area-2", "2")
            + Self.rows(20, "40-49", "area-1", "3") + Self.rows(3, "40-49", "area-2", "1") + Self.rows(11, "40-49", "area-3", "2")
        let results = SurveyResults.aggregate(definition, responses: responses)
        XCTAssertEqual(results.respondents, 61)
        let q2 = results.questions[1]
        XCTAssertEqual(q2.answered, 61)
        XCTAssertEqual(q2.counts.map(\.count), [9, 26, 26])
        XCTAssertEqual(q2.share, 57.4, "35 of 61 chose 1 or 2")
        XCTAssertNil(results.questions[0].share, "nobody answered q1")
        let b = try XCTUnwrap(q2.breakdown)
        // Rows: six age bands, 答えない, 合計; columns: three areas, 答えない, 合計.
        XCTAssertEqual(b.rows.count, 8)
        XCTAssertEqual(b.columns.count, 5)
        let r30 = 1, r40 = 2, total = 7, east = 0, west = 1, north = 2, sum = 4
        XCTAssertNil(b.cells[r40][west].n, "3 respondents: under the threshold")
        XCTAssertNil(b.cells[r40][west].share)
        // Every shown cell is the true count and share: 30–39 × 西 15 (all counted), 40–49 × 東 20 (none).
        let truth: [Int: [Int: (Int, Double?)]] = [r30: [east: (12, 50), west: (15, 100), sum: (27, 77.8)],
                                                   r40: [east: (20, 0), west: (3, 100), north: (11, 100), sum: (34, 41.2)],
                                                   total: [east: (32, 18.8), west: (18, 100), north: (11, 100), sum: (61, 57.4)]]
        for (r, columns) in truth {
            for (c, want) in columns {
                guard let n = b.cells[r][c].n else { continue }
                XCTAssertEqual(n, want.0, "row \(r) column \(c)")
                XCTAssertEqual(b.cells[r][c].share, want.1, "row \(r) column \(c)")
            }
        }
        // Complementary suppression: every row and column holding a hidden cell holds at least two,
        // so no hidden value is a total minus the shown cells.
        for r in b.cells.indices {
            let hidden = b.cells[r].filter { $0.n == nil }.count
            XCTAssertTrue(hidden == 0 || hidden >= 2, "row \(r) hides \(hidden)")
        }
        for c in b.columns.indices {
            let hidden = b.cells.filter { $0[c].n == nil }.count
            XCTAssertTrue(hidden == 0 || hidden >= 2, "column \(c) hides \(hidden)")
        }
        XCTAssertGreaterThanOrEqual(b.suppressedCount, 4)
        XCTAssertEqual(b.cells[total][sum].n, 61, "the grand total stays")
        // Recovering 40–49 × 西 from row 40–49 is impossible: another cell of that row is hidden too.
        XCTAssertTrue([east, north, sum].contains { b.cells[r40][$0].n == nil })
        // A shown zero has no share; the 18–29 row (all zero) is shown as zeros.
        XCTAssertTrue(b.cells.flatMap { $0 }.filter { $0.n == 0 }.allSatisfy { $0.share == nil })
        XCTAssertEqual(b.cells[0][sum], SurveyResults.Cell(n: 0, share: nil))
    }

    func testALargeEnoughTableHidesNothing() throws {
        let definition = try SurveysFixture.draft.validated(indicators: Set(SurveyIndicators.all.map(\.id))).definition
        let responses = Self.rows(10, "18-29", "area-1", "1") + Self.rows(10, "18-29", "area-2", "3") + Self.rows(10, "70-", "area-1", "2")
        let b = try XCTUnwrap(SurveyResults.aggregate(definition, responses: responses).questions[1].breakdown)
        XCTAssertEqual(b.suppressedCount, 0)
        XCTAssertEqual(b.cells[0][0], SurveyResults.Cell(n: 10, share: 100))
        XCTAssertEqual(b.cells[0][1], SurveyResults.Cell(n: 10, share: 0))
    }

    func testTheIndicatorsTakeTheSurveysShareAndNOverAnEnteredValue() async throws {
        let f = try await makeSurveysFixture()
        let survey = try await f.survey()
        let codes = try await f.codes(12, for: survey)
        // q2 (privacy): 10 answer, 4 × 的確 + 1 × どちらかといえば (counted), 5 × 的確でない; 2 skip it.
        // q1 (information): 12 answer, 3 × 十分.
        for (i, code) in codes.enumerated() {
            var values = ["age_band": "50-59", "area": "area-2", "q1": i < 3 ? "1" : "2"]
            if i < 10 { values["q2"] = i < 4 ? "1" : i == 4 ? "2" : "3" }
            try await f.answer(survey, code: code, values)
        }
        // An entered 実績値 for FY2026 and FY2025 (the paper survey).
        for (year, value) in [(2026, 31.9), (2025, 32.3)] {
            let stored = IndicatorValue()
            stored.municipalityID = f.cityID
            stored.indicatorID = "indicators.survey_privacy_protected"
            stored.scope = ""
            stored.fiscalYear = year
            stored.series = IndicatorSeries.actual.rawValue
            stored.value = value
            stored.updatedAt = Date()
            try await stored.create(on: f.database)
        }
        let fy2026 = FiscalYear(startYear: 2026), fy2025 = FiscalYear(startYear: 2025)
        let privacy = "indicators.survey_privacy_protected", information = "indicators.survey_information_disclosed"
        let computed = try await f.registry.computed(privacy, municipalityID: f.cityID, year: fy2026, on: f.database)
        XCTAssertEqual(computed, 50)
        let actual2026 = try await f.registry.actual(privacy, municipalityID: f.cityID, year: fy2026, on: f.database)
        XCTAssertEqual(actual2026, 50, "a surveyed year takes the answers' figure over the entered one")
        let actual2025 = try await f.registry.actual(privacy, municipalityID: f.cityID, year: fy2025, on: f.database)
        XCTAssertEqual(actual2025, 32.3, "a year without answers keeps the entered figure")
        let info2026 = try await f.registry.actual(information, municipalityID: f.cityID, year: fy2026, on: f.database)
        XCTAssertEqual(info2026, 25)
        let table = try await f.registry.table([privacy, information], years: [2025, 2026], municipalityID: f.cityID,
                                               liveFrom: fy2025, current: fy2026, on: f.database)
        XCTAssertEqual(table.value(privacy, 2026, .actual), 50)
        XCTAssertEqual(table.sampleSize(privacy, 2026), 10)
        XCTAssertEqual(table.sampleSize(information, 2026), 12)
        XCTAssertTrue(table.isComputed(privacy, 2026))
        XCTAssertEqual(table.value(privacy, 2025, .actual), 32.3)
        XCTAssertNil(table.sampleSize(privacy, 2025))
        XCTAssertFalse(table.isComputed(privacy, 2025))
        // Another municipality's answers never count.
        let other = try await f.registry.computed(privacy, municipalityID: UUID(), year: fy2026, on: f.database)
        XCTAssertNil(other)
    }
}
