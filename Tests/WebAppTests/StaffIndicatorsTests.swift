import FluentKit
import Foundation
import Indicators
import MadoguchiCore
@testable import WebApp
import XCTest

/// `/{code}/staff/indicators` over HTTP: every declared indicator listed with its definition, values
/// entered through the form (a wrong one refused with its field named, nothing changed), changes
/// reverted; on the engine of `DATABASE_URL`.
final class StaffIndicatorsTests: XCTestCase {
    func testStaffEnterRefuseAndRevertValuesThroughTheScreen() async throws {
        let test = try await makeTestApp()
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let page = try await admin.get("/132152/staff/indicators?year=2021")
        XCTAssertEqual(page.status, .ok)
        let parsed = try ParsedPage(page.body.string)
        parsed.assertWellFormedPage(lang: "ja")
        let listed = parsed.all("code").map(\.text)
        XCTAssertEqual(Set(listed), Set(Modules.all.flatMap(\.indicators).map(\.id)), "every declared indicator is listed")
        XCTAssertTrue(page.body.string.contains("電子申請の様式を公開している手続の数"), "with its definition")
        XCTAssertEqual(parsed.fieldNames(in: parsed.first("form", "action", "/132152/staff/indicators/values")),
                       ["_csrf", "indicator", "scope", "fiscal_year", "series", "value"])

        // A wrong value: 422, the value field named, nothing stored, what was typed kept.
        let refused = try await admin.post("/132152/staff/indicators/values", form: [
            "indicator": "indicators.survey_information_disclosed", "scope": "", "fiscal_year": "R3", "series": "actual", "value": "120",
        ])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        let problem = try ParsedPage(refused.body.string)
        XCTAssertEqual(problem.first("input", "name", "value")?["aria-invalid"], "true")
        XCTAssertEqual(problem.first("input", "name", "value")?["value"], "120")
        XCTAssertTrue(problem.first("div", "role", "alert")?.text.contains("0 から 100") == true)
        var stored = try await IndicatorValue.query(on: test.app.db).count()
        XCTAssertEqual(stored, 0)

        // A good one is stored, shown, audited; reverting it removes it again.
        let saved = try await admin.post("/132152/staff/indicators/values", form: [
            "indicator": "indicators.survey_information_disclosed", "scope": "", "fiscal_year": "R3", "series": "actual", "value": "27.8",
        ])
        XCTAssertEqual(saved.status, .seeOther)
        XCTAssertEqual(saved.headers.first(name: .location), "/132152/staff/indicators?year=2021&saved=1")
        let shown = try await admin.get("/132152/staff/indicators?year=2021&saved=1")
        XCTAssertTrue(shown.body.string.contains("27.8"))
        let change = try await XCTUnwrapAsync(try await IndicatorValueChange.query(on: test.app.db).first())
        let reverted = try await admin.post("/132152/staff/indicators/changes/\(change.id!.uuidString.lowercased())/revert", form: [:])
        XCTAssertEqual(reverted.status, .seeOther)
        stored = try await IndicatorValue.query(on: test.app.db).count()
        XCTAssertEqual(stored, 0)
        let changes = try await IndicatorValueChange.query(on: test.app.db).count()
        XCTAssertEqual(changes, 2)

        // An auditor reads but cannot enter; counter staff cannot read.
        let auditor = Browser(app: test.app)
        _ = try await auditor.signIn("auditor", password: test.password)
        let read = try await auditor.get("/132152/staff/indicators")
        XCTAssertEqual(read.status, .ok)
        XCTAssertNil(try ParsedPage(read.body.string).first("form", "action", "/132152/staff/indicators/values"))
        let denied = try await auditor.post("/132152/staff/indicators/values", form: [
            "indicator": "indicators.population", "scope": "", "fiscal_year": "2021", "series": "actual", "value": "1",
        ])
        XCTAssertEqual(denied.status, .forbidden)
        let counter = Browser(app: test.app)
        _ = try await counter.signIn("counter_staff", password: test.password)
        let hidden = try await counter.get("/132152/staff/indicators")
        XCTAssertEqual(hidden.status, .forbidden)
    }

    /// The year's 目標達成度 shows beside the values: the demo's seed 003 targets for 令和7年度
    /// (27 procedures online, 8 kinds of open data) against what the modules compute.
    func testTheYearsAchievementShowsAgainstTheDXPlansTargets() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let page = try ParsedPage(try await admin.get("/132152/staff/indicators?year=2025").body.string)
        let rows = Dictionary(uniqueKeysWithValues: try XCTUnwrap(page.first("table", "class", "indicators")).first("tbody")!.all("tr").map {
            ($0.first("code")!.text, $0.all("td").map(\.text))
        })
        XCTAssertEqual(rows["forms.online_procedures"]?[7], "27", "目標値")
        XCTAssertEqual(rows["forms.online_procedures"]?.last, "—", "no 実績値: the demo municipality started after 令和7年度")
        XCTAssertEqual(rows["catalog.open_data_kinds"]?[7], "8")
        XCTAssertEqual(rows["catalog.open_data_kinds"]?.last, "—")
        // The current year: a target of 27 against the procedures the shipped forms put online.
        let current = test.kunitachi.fiscalYear(containing: CivilDate.today()).startYear
        let saved = try await admin.post("/132152/staff/indicators/values", form: [
            "indicator": "forms.online_procedures", "scope": "", "fiscal_year": String(current), "series": "target", "value": "27"])
        XCTAssertEqual(saved.status, .seeOther)
        let now = try ParsedPage(try await admin.get("/132152/staff/indicators?year=\(current)").body.string)
        let online = try XCTUnwrap(now.first("table", "class", "indicators")?.first("tbody")?.all("tr").first { $0.first("code")?.text == "forms.online_procedures" })
        let cells = online.all("td").map(\.text)
        XCTAssertTrue(cells[8].hasSuffix("（自動集計）"), cells[8])
        XCTAssertEqual(cells.last, "未達成", "the shipped forms cover fewer than 27 procedures")
        XCTAssertEqual(rows["indicators.population"]?.last, "—", "population has no better direction")
    }
}


func XCTUnwrapAsync<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}