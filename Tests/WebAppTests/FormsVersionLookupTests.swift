import Forms
import Foundation
import MadoguchiCore
import SQLKit
import Vapor
import XCTVapor
import XCTest
@testable import WebApp

/// The fingerprint of a municipality's form edits is read once and then answered from memory with
/// the other public lookups (so a resident's submission pays no query for it), and a staff edit of
/// a form drops it: the next resident sees the edit (SQLite and PostgreSQL).
final class FormsVersionLookupTests: XCTestCase {
    func testAFormEditBySomeoneElseIsSeenOnlyAfterAStaffWriteDropsTheFingerprint() async throws {
        let test = try await makeTestApp()
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let token = try await staff.csrfToken(from: "/132152/staff/forms/move-out")
        let shipped = try XCTUnwrap(FormEditor.shippedTexts["move-out"])
        let edited = shipped.replacingOccurrences(of: #""ja": "転出届""#, with: #""ja": "転出届（オンライン）""#)
        let saved = try await staff.post("/132152/staff/forms/move-out", form: ["_csrf": token, "definition": edited])
        XCTAssertEqual(saved.status, .ok, saved.body.string)
        let first = try await Browser(app: test.app).get("/132152/forms/move-out").body.string
        XCTAssertTrue(first.contains("転出届（オンライン）"), first)

        // A change that bypasses the application (a newer revision written straight to the table):
        // the kept fingerprint still names the revision read, so residents keep the form they had.
        let sql = try XCTUnwrap(test.app.db as? any SQLDatabase)
        let bypass = edited.replacingOccurrences(of: "転出届（オンライン）", with: "転出届（直接）")
        try await sql.raw("UPDATE form_overrides SET definition = \(bind: bypass), revision = revision + 1 WHERE form_id = 'move-out'").run()
        let kept = try await Browser(app: test.app).get("/132152/forms/move-out").body.string
        XCTAssertTrue(kept.contains("転出届（オンライン）"), "answered from memory, no query: \(kept)")

        // A staff write drops it: the next resident reads the fingerprint again and gets that revision.
        let otherForm = try XCTUnwrap(FormEditor.shippedTexts["care-certification"])
        let other = try await staff.post("/132152/staff/forms/care-certification", form: ["_csrf": token, "definition": otherForm])
        XCTAssertEqual(other.status, .ok, other.body.string)
        let after = try await Browser(app: test.app).get("/132152/forms/move-out").body.string
        XCTAssertTrue(after.contains("転出届（直接）"), after)

        // And a submission after it is filed against the form as it now stands.
        let resident = Browser(app: test.app)
        var form = hiddenFields(try await resident.get("/132152/forms/move-out").body.string)
        form.merge(["v.move_date": CivilDate.today().adding(days: 7).description, "v.new_address": "東京都立川市泉町1156-9",
                    "v.household_moving": "all", "v.name": "山田 花子", "v.name_kana": "ヤマダ ハナコ", "v.birth_date": "1955-01-02",
                    "v.postal_code": "1868501", "v.address": "東京都国立市富士見台2-47-1", "v.phone": "0425762111",
                    "v.email": "hanako@example.jp", "v.agree": "yes", "step": "2", "go": "submit"]) { _, new in new }
        let receipt = try await resident.post("/132152/forms/move-out", form: form)
        XCTAssertTrue(receipt.body.string.contains(#"id="receipt-number""#), receipt.body.string)
    }
}
