import Foundation
import MadoguchiCore
import SQLKit
import Vapor
import XCTVapor
import XCTest

/// The procedure inventory over HTTP: browse, edit for one municipality only, refuse broken edits.
final class StaffProceduresTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    private func textarea(_ html: String) throws -> String {
        let start = try XCTUnwrap(html.range(of: #"name="definition""#))
        let open = try XCTUnwrap(html.range(of: ">", range: start.upperBound..<html.endIndex))
        let close = try XCTUnwrap(html.range(of: "</textarea>", range: open.upperBound..<html.endIndex))
        return String(html[open.upperBound..<close.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    private func checklistNames(_ municipality: String) async throws -> String {
        var headers = HTTPHeaders()
        headers.contentType = .json
        let body = #"{"event_date": "\#(CivilDate.today().adding(days: -1))", "facts": {"deceased_had_seal_registration": true}}"#
        return try await test.app.sendRequest(.POST, "/\(municipality)/api/v1/life-events/death/checklist", headers: headers,
                                             body: ByteBuffer(string: body)).body.string
    }

    func testInventoryListsEveryProcedureWithSourceAndVerificationDate() async throws {
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("counter_staff", password: test.password)
        let list = try await browser.get("/132152/staff/procedures")
        XCTAssertEqual(list.status, .ok)
        for name in ["死亡届・火葬許可申請", "児童手当", "要介護", "罹災証明書"] {
            XCTAssertTrue(list.body.string.contains(name), name)
        }
        let detail = try await browser.get("/132152/staff/procedures/death_registration")
        XCTAssertTrue(detail.body.string.contains("戸籍法"))
        XCTAssertFalse(detail.body.string.contains("<textarea"), "counter staff may read but not edit")
    }

    func testAnEditAppliesToItsMunicipalityOnlyAndIsAudited() async throws {
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("department_staff", password: test.password)
        let page = try await browser.get("/132152/staff/procedures/seal_card_return")
        let definition = try textarea(page.body.string)
        XCTAssertTrue(definition.contains("\"id\" : \"seal_card_return\"") || definition.contains("\"id\":\"seal_card_return\""), definition)

        let token = try await browser.csrfToken(from: "/132152/staff/procedures/seal_card_return")
        let broken = try await browser.post("/132152/staff/procedures/seal_card_return",
                                           form: ["_csrf": token, "definition": definition.replacingOccurrences(of: "\"shimin\"", with: "\"nowhere\"")])
        XCTAssertEqual(broken.status, .unprocessableEntity)
        XCTAssertTrue(broken.body.string.contains("nowhere"), broken.body.string)
        XCTAssertTrue(broken.body.string.contains("行目"))

        let renamed = definition.replacingOccurrences(of: "印鑑登録証の返却", with: "印鑑登録証の返却（国立市）")
        let saved = try await browser.post("/132152/staff/procedures/seal_card_return", form: ["_csrf": token, "definition": renamed])
        XCTAssertEqual(saved.status, .ok)
        XCTAssertTrue(saved.body.string.contains("保存しました"))

        let here = try await checklistNames("132152")
        XCTAssertTrue(here.contains("印鑑登録証の返却（国立市）"), here)
        let elsewhere = try await checklistNames("132233")
        XCTAssertFalse(elsewhere.contains("（国立市）"))
        XCTAssertTrue(elsewhere.contains("印鑑登録証の返却"))

        let sql = test.app.db as! any SQLDatabase
        let actions = try await sql.raw("SELECT action FROM audit_entries").all().map { try $0.decode(column: "action", as: String.self) }
        XCTAssertTrue(actions.contains("counter.procedure.update"))

        let reverted = try await browser.post("/132152/staff/procedures/seal_card_return/revert", form: ["_csrf": token])
        XCTAssertEqual(reverted.status, .seeOther)
        let back = try await checklistNames("132152")
        XCTAssertFalse(back.contains("（国立市）"))
    }
}
