import Foundation
@testable import WebApp
import XCTest

/// The 施策 and 事務事業 editors in headless Chromium: axe-core (no serious or critical violation)
/// and the Nu HTML checker, through `Tests/browser/check_pages.py` (skipped where Chromium or the
/// Python peers are missing, unless `MADOGUCHI_REQUIRE_BROWSER=1`): the list, the new and edit forms
/// and the histories, in Japanese and English. (A refused form's markup is checked by the HTTP tests.)
final class StaffDefinitionsAccessibilityTests: XCTestCase {
    func testMeasureAndProgrammeEditorsAndHistoriesPassAxeAndValidate() async throws {
        try BrowserAccessibilityTests.requireBrowser()
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        try await DemoProgramme.load(app: test.app, municipality: test.kunitachi)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        // A second version, so the histories show a restore button and a list of changed fields.
        var form = StaffMeasureDefinitionsTests.valid
        form["code"] = "a11y-1"
        let created = try await admin.post("/132152/staff/measures", form: form)
        XCTAssertEqual(created.status, .seeOther)
        form["name"] = "アクセシビリティ確認用の施策"
        form["version"] = "1"
        let edited = try await admin.post("/132152/staff/measures/a11y-1/edit", form: form)
        XCTAssertEqual(edited.status, .seeOther)
        let port = try await test.startServer()
        let (status, output) = try await BrowserAccessibilityTests.runChecker(
            base: "http://127.0.0.1:\(port)", login: "municipality_administrator", password: test.password,
            staff: ["/132152/staff/measures", "/132152/staff/measures/new", "/132152/staff/measures/new?lang=en",
                    "/132152/staff/measures/joho-hasshin/edit", "/132152/staff/measures/a11y-1/history",
                    "/132152/staff/measures/a11y-1/history?lang=en", "/132152/staff/programmes/new",
                    "/132152/staff/programmes/00832/edit", "/132152/staff/programmes/00832/edit?lang=en",
                    "/132152/staff/programmes/00832/history", "/132152/staff/programmes/00832?year=2017"],
            pages: ["/132152/staff/login"])
        XCTAssertEqual(status, 0, output)
    }
}
