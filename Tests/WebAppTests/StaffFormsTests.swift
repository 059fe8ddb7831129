import FluentKit
import Forms
import Foundation
import MadoguchiCore
import SQLKit
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// Department staff edit a form for their municipality over HTTP: bad edits are refused with the
/// problem named and change nothing; a good edit shows to residents here only, raises the version,
/// and is audited; reverting restores the shipped form.
final class StaffFormsTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    func testEditingAFormIsCheckedScopedToTheMunicipalityVersionedAndAudited() async throws {
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let list = try await staff.get("/132152/staff/forms")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.string.contains("転出届"))
        let page = try await staff.get("/132152/staff/forms/move-out")
        XCTAssertTrue(page.body.string.contains("&quot;id&quot;: &quot;move-out&quot;") || page.body.string.contains(#""id": "move-out""#))
        let shipped = try XCTUnwrap(FormEditor.shippedTexts["move-out"])
        let token = try await staff.csrfToken(from: "/132152/staff/forms/move-out")

        let broken = try await staff.post("/132152/staff/forms/move-out", form: ["_csrf": token, "definition": "{ \"id\": \"move-out\", "])
        XCTAssertEqual(broken.status, .unprocessableEntity)
        XCTAssertTrue(broken.body.string.contains("「定義」をJSONの様式定義として読めません"))
        let renamed = try await staff.post("/132152/staff/forms/move-out", form: ["_csrf": token,
                                                                                  "definition": shipped.replacingOccurrences(of: #""id": "move-out""#, with: #""id": "moving""#)])
        XCTAssertTrue(renamed.body.string.contains("id は「move-out」のままにしてください"))
        let badCondition = shipped.replacingOccurrences(of: #""field": "household_moving""#, with: #""field": "no_such_field""#)
        XCTAssertNotEqual(badCondition, shipped)
        let refused = try await staff.post("/132152/staff/forms/move-out", form: ["_csrf": token, "definition": badCondition])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.string.contains("no_such_field"))
        let unchanged = try await Browser(app: test.app).get("/132152/forms/move-out")
        XCTAssertTrue(unchanged.body.string.contains("転出届（1 / 2"), "refused edits change nothing")

        let edited = shipped.replacingOccurrences(of: #""ja": "転出届""#, with: #""ja": "転出届（オンライン）""#)
        let saved = try await staff.post("/132152/staff/forms/move-out", form: ["_csrf": token, "definition": edited])
        XCTAssertEqual(saved.status, .ok, saved.body.string)
        XCTAssertTrue(saved.body.string.contains("保存しました"))
        let here = try await Browser(app: test.app).get("/132152/forms")
        XCTAssertTrue(here.body.string.contains("転出届（オンライン）"))
        let elsewhere = try await Browser(app: test.app).get("/132233/forms")
        XCTAssertFalse(elsewhere.body.string.contains("転出届（オンライン）"), "another municipality keeps the shipped form")
        let catalog = try await test.app.madoguchi.formEditor.catalog(municipalityID: test.kunitachi.requireID(), on: test.app.db)
        XCTAssertEqual(catalog.form("move-out")?.version, 2)

        _ = try await staff.post("/132152/staff/forms/move-out/revert", form: ["_csrf": token])
        let reverted = try await Browser(app: test.app).get("/132152/forms")
        XCTAssertFalse(reverted.body.string.contains("転出届（オンライン）"))
        let sql = test.app.db as! any SQLDatabase
        let actions = try await sql.raw("SELECT action FROM audit_entries").all().map { try $0.decode(column: "action", as: String.self) }
        XCTAssertEqual(actions.filter { $0 == "forms.definition.update" }.count, 1)
        XCTAssertTrue(actions.contains("forms.definition.revert"))

        let counter = Browser(app: test.app)
        _ = try await counter.signIn("counter_staff", password: test.password)
        let denied = try await counter.get("/132152/staff/forms")
        XCTAssertEqual(denied.status, .forbidden)
    }
}
