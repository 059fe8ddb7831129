import FluentKit
import Foundation
import MadoguchiCore
import SQLKit
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// A staff member sees where they are signed in and ends the other sessions (ASVS 3.3.4): one at a
/// time or all at once; never another member's; each ending audited.
final class OwnSessionsTests: XCTestCase {
    func testAMemberListsAndEndsTheirOtherSessionsOnly() async throws {
        let test = try await makeTestApp()
        do {
            let office = Browser(app: test.app)
            let phone = Browser(app: test.app)
            let laptop = Browser(app: test.app)
            let colleague = Browser(app: test.app)
            for browser in [office, phone, laptop] { _ = try await browser.signIn("counter_staff", password: test.password) }
            _ = try await colleague.signIn("auditor", password: test.password)

            let page = try await office.get("/132152/staff/sessions")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.string.contains("ログイン中（3件）"), page.body.string)
            XCTAssertTrue(page.body.string.contains("この端末"))
            let actions = Crawler.attributeValues(named: "action", in: page.body.string).filter { $0.hasSuffix("/end") && !$0.contains("others") }
            XCTAssertEqual(actions.count, 2, "the other two sessions can be ended; this one is marked")

            let auditor = try await Staff.query(on: test.app.db).filter(\.$loginName == "auditor")
                .filter(\.$municipality.$id == test.kunitachi.requireID()).first()
            let auditorID = try XCTUnwrap(auditor?.id)
            let theirs = try await StaffSession.query(on: test.app.db).filter(\.$staffID == auditorID).first()
            let colleagueSession = "/132152/staff/sessions/\(try XCTUnwrap(theirs?.id).uuidString.lowercased())/end"
            let foreign = try await office.post(colleagueSession, form: ["_csrf": try await office.csrfToken(from: "/132152/staff/sessions")])
            XCTAssertEqual(foreign.status, .notFound, "another member's session cannot be ended")

            let token = try await office.csrfToken(from: "/132152/staff/sessions")
            let ended = try await office.post(actions[0], form: ["_csrf": token])
            XCTAssertEqual(ended.status, .ok)
            XCTAssertTrue(ended.body.string.contains("ログイン中（2件）"))
            let rest = try await office.post("/132152/staff/sessions/others/end", form: ["_csrf": token])
            XCTAssertTrue(rest.body.string.contains("ほかの1件のログインを終了しました"), rest.body.string)
            XCTAssertTrue(rest.body.string.contains("ログイン中（1件）"))

            for browser in [phone, laptop] {
                let after = try await browser.get("/132152/staff")
                XCTAssertEqual(after.status, .seeOther, "an ended session signs that browser out")
            }
            let stillIn = try await office.get("/132152/staff")
            XCTAssertEqual(stillIn.status, .ok)
            let colleagueStillIn = try await colleague.get("/132152/staff")
            XCTAssertEqual(colleagueStillIn.status, .ok, "the colleague keeps their session")

            let sql = test.app.db as! any SQLDatabase
            let audited = try await sql.raw("SELECT details FROM audit_entries WHERE action = 'staff.session.end'").all()
            XCTAssertEqual(audited.count, 2)
        } catch { XCTFail("\(error)") }
    }
}
