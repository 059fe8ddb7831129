import Foundation
import MadoguchiCore
import Surveys
@testable import WebApp
import XCTest

/// The survey's pages and the staff trend dashboard in headless Chromium: axe-core (no serious or
/// critical violation) and the Nu HTML checker, through `Tests/browser/check_pages.py` (skipped
/// where Chromium or the Python peers are missing, unless `MADOGUCHI_REQUIRE_BROWSER=1`).
final class SurveysAccessibilityTests: XCTestCase {
    func testSurveyPagesTheTrendDashboardAndPublishedBreakdownsPassAxeAndValidate() async throws {
        try BrowserAccessibilityTests.requireBrowser()
        let test = try await makeTestApp()
        // The demo's closed survey (published breakdowns with suppressed cells) and an open one to answer.
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        try await DemoSurvey.load(app: test.app, municipality: test.kunitachi)
        var draft = DemoSurvey.draft
        draft.fiscalYear = String(test.kunitachi.fiscalYear(containing: CivilDate.today()).startYear)
        let open = try await SurveyCommands(audit: test.app.madoguchi.audit)
            .create(draft, municipalityID: test.kunitachi.requireID(), by: .system, on: test.app.db)
        let all = try await SurveyQueries.list(municipalityID: test.kunitachi.requireID(), on: test.app.db)
        let closed = try XCTUnwrap(all.first { !$0.isOpen })
        let openID = try open.requireID().uuidString.lowercased(), closedID = try closed.requireID().uuidString.lowercased()
        let port = try await test.startServer()
        let (status, output) = try await BrowserAccessibilityTests.runChecker(
            base: "http://127.0.0.1:\(port)", login: "municipality_administrator", password: test.password,
            staff: ["/132152/staff/trends", "/132152/staff/trends?lang=en", "/132152/staff/surveys", "/132152/staff/surveys/new",
                    "/132152/staff/surveys/new?lang=en", "/132152/staff/surveys/\(closedID)", "/132152/staff/surveys/\(closedID)?lang=en"],
            pages: ["/132152/surveys/\(openID)", "/132152/surveys/\(openID)?lang=en", "/132152/surveys/\(closedID)",
                    "/132152/results", "/132152/results?lang=en"])
        XCTAssertEqual(status, 0, output)
    }
}
