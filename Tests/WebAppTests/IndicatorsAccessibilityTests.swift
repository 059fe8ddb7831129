import Foundation
@testable import WebApp
import XCTest

/// The indicators' pages in headless Chromium: axe-core (no serious or critical violation) and the
/// Nu HTML checker, through `Tests/browser/check_pages.py` (skipped where Chromium or the Python
/// peers are missing, unless `MADOGUCHI_REQUIRE_BROWSER=1`).
final class IndicatorsAccessibilityTests: XCTestCase {
    func testIndicatorPagesSheetsAndChartsPassAxeAndValidate() async throws {
        try BrowserAccessibilityTests.requireBrowser()
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        try await DemoProgramme.load(app: test.app, municipality: test.kunitachi)
        let port = try await test.startServer()
        let (status, output) = try await BrowserAccessibilityTests.runChecker(
            base: "http://127.0.0.1:\(port)", login: "municipality_administrator", password: test.password,
            staff: ["/132152/staff/indicators?year=2021", "/132152/staff/indicators?lang=en", "/132152/staff/measures",
                    "/132152/staff/measures/joho-hasshin?year=2021", "/132152/staff/measures/joho-hasshin?year=2021&lang=en",
                    "/132152/staff/measures/joho-hasshin/evaluation?year=2021", "/132152/staff/programmes/00832?year=2017"],
            pages: ["/132152/results", "/132152/results?lang=en"])
        XCTAssertEqual(status, 0, output)
    }
}
