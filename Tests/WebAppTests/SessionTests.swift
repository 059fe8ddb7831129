import Privacy
import FluentKit
import Foundation
import MadoguchiCore
import SQLKit
@testable import WebApp
import XCTVapor

/// Issue 11, sessions: no row for anonymous visitors, stateless CSRF tokens for public forms,
/// hashed ids, server-side idle and absolute timeouts, revocation, and the retention purge.
final class SessionTests: XCTestCase {
    func testCookielessVisitsOfFormPagesAndTheSignInPageStoreNoSession() async throws {
        let test = try await makeTestApp()
        let paths = ["/132152/staff/login", "/132152/forms/move-out", "/132152/privacy/requests/new", "/132152/staff", "/132152/staff/members"]
        for path in paths {
            for _ in 0..<5 {
                let response = try await test.app.sendRequest(.GET, path)
                XCTAssertLessThan(response.status.code, 400, path)
                XCTAssertFalse(response.headers[.setCookie].contains { $0.hasPrefix(SessionToken.cookieName + "=") }, path)
            }
        }
        // A made-up session cookie is cleared, not turned into a new session.
        let forged = try await test.app.sendRequest(.GET, "/132152/staff", headers: ["Cookie": "\(SessionToken.cookieName)=made-up-value"])
        XCTAssertEqual(forged.status, .seeOther)
        let sessions = try await StaffSession.query(on: test.app.db).count()
        XCTAssertEqual(sessions, 0)
    }

    func testPublicFormRefusesAMissingWrongOrAnotherBrowsersToken() async throws {
        let test = try await makeTestApp()
        let resident = Browser(app: test.app)
        let token = try await resident.csrfToken(from: "/132152/privacy/requests/new")
        XCTAssertNotNil(resident.cookies[CSRFMiddleware.cookieName])
        let fields = ["kind": "correction", "name": "山田 花子", "address": ""]

        let missing = try await resident.post("/132152/privacy/requests", form: fields, csrf: false)
        XCTAssertEqual(missing.status, .forbidden)
        let wrong = try await resident.post("/132152/privacy/requests", form: fields.merging(["_csrf": String(token.reversed())]) { $1 })
        XCTAssertEqual(wrong.status, .forbidden)
        let other = Browser(app: test.app)
        let othersToken = try await other.csrfToken(from: "/132152/privacy/requests/new")
        XCTAssertNotEqual(othersToken, token)
        let crossed = try await resident.post("/132152/privacy/requests", form: fields.merging(["_csrf": othersToken]) { $1 })
        XCTAssertEqual(crossed.status, .forbidden, "a token is bound to its browser's cookie")
        let withoutCookie = try await Browser(app: test.app).post("/132152/privacy/requests", form: fields.merging(["_csrf": token]) { $1 })
        XCTAssertEqual(withoutCookie.status, .forbidden)

        let accepted = try await resident.post("/132152/privacy/requests", form: fields.merging(["_csrf": token]) { $1 })
        XCTAssertEqual(accepted.status, .unprocessableEntity, "the right token passes; the empty address is the form's own problem")
        let sessions = try await StaffSession.query(on: test.app.db).count()
        XCTAssertEqual(sessions, 0)
    }

    func testTheSessionTableHoldsOnlyAHashOfTheCookie() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("auditor", password: test.password)
        let value = try XCTUnwrap(browser.cookies[SessionToken.cookieName])
        let rows = try await (test.app.db as! any SQLDatabase).raw("SELECT * FROM staff_sessions").all()
        XCTAssertEqual(rows.count, 1)
        for row in rows {
            for column in row.allColumns {
                if let text = try? row.decode(column: column, as: String.self) { XCTAssertFalse(text.contains(value), column) }
            }
        }
        let first = try await StaffSession.query(on: test.app.db).first()
        let stored = try XCTUnwrap(first)
        XCTAssertEqual(stored.tokenHash, SessionToken.hash(value))
        // The stored hash is no cookie: presenting it signs nobody in.
        let replay = try await test.app.sendRequest(.GET, "/132152/staff", headers: ["Cookie": "\(SessionToken.cookieName)=\(stored.tokenHash)"])
        XCTAssertEqual(replay.status, .seeOther)
    }

    func testSessionsEndOnTheServerAfterTheIdleAndTheAbsoluteTimeout() async throws {
        let test = try await makeTestApp()
        let idle = Browser(app: test.app)
        _ = try await idle.signIn("auditor", password: test.password)
        try await Self.age(test) { $0.lastSeenAt = Date().addingTimeInterval(-29 * 60) }
        let stillThere = try await idle.get("/132152/staff").status
        XCTAssertEqual(stillThere, .ok, "29 minutes idle is within the 30-minute idle timeout")
        try await Self.age(test) { $0.lastSeenAt = Date().addingTimeInterval(-31 * 60) }
        let expired = try await idle.get("/132152/staff")
        XCTAssertEqual(expired.status, .seeOther)
        XCTAssertEqual(expired.headers.first(name: .location), "/132152/staff/login")
        let cleared = expired.headers[.setCookie].first { $0.hasPrefix(SessionToken.cookieName + "=") }
        XCTAssertTrue(cleared?.contains("Max-Age=0") == true, "the cookie of an expired session is cleared")
        let left = try await StaffSession.query(on: test.app.db).count()
        XCTAssertEqual(left, 0, "an expired session is deleted when it is presented")

        let busy = Browser(app: test.app)
        _ = try await busy.signIn("auditor", password: test.password)
        try await Self.age(test) { session in
            session.createdAt = Date().addingTimeInterval(-8 * 3600 - 60)
            session.lastSeenAt = Date()
        }
        let overLimit = try await busy.get("/132152/staff").status
        XCTAssertEqual(overLimit, .seeOther, "8 hours after sign-in the session ends however busy it was")
    }

    func testPasswordChangeRoleChangeAndDeactivationEndTheMembersOtherSessions() async throws {
        let test = try await makeTestApp()
        let changer = Browser(app: test.app), elsewhere = Browser(app: test.app)
        _ = try await changer.signIn("counter_staff", password: test.password)
        _ = try await elsewhere.signIn("counter_staff", password: test.password)
        let token = try await changer.csrfToken(from: "/132152/staff/password")
        let changed = try await changer.post("/132152/staff/password", form: [
            "_csrf": token, "current_password": test.password, "new_password": "a new long password"])
        XCTAssertEqual(changed.status, .ok)
        let other = try await elsewhere.get("/132152/staff").status
        XCTAssertEqual(other, .seeOther, "the other browser is signed out")
        let own = try await changer.get("/132152/staff").status
        XCTAssertEqual(own, .ok, "the member who changed it continues under a new session id")

        let promoted = Browser(app: test.app), bystander = Browser(app: test.app)
        _ = try await promoted.signIn("department_staff", password: test.password)
        _ = try await bystander.signIn("auditor", password: test.password)
        let member = try await SignInHardeningTests.staff("department_staff", test)
        member.displayName = "renamed"
        try await member.save(on: test.app.db)
        let afterRename = try await promoted.get("/132152/staff").status
        XCTAssertEqual(afterRename, .ok, "a change that grants nothing keeps the session")
        member.roles = [.departmentStaff, .counterStaff]
        try await member.save(on: test.app.db)
        let afterRoles = try await promoted.get("/132152/staff").status
        XCTAssertEqual(afterRoles, .seeOther, "a role change ends the member's sessions")

        let auditor = try await SignInHardeningTests.staff("auditor", test)
        auditor.active = false
        try await auditor.save(on: test.app.db)
        let afterDeactivation = try await bystander.get("/132152/staff").status
        XCTAssertEqual(afterDeactivation, .seeOther)
        let rows = try await StaffSession.query(on: test.app.db).filter(\.$staffID == auditor.requireID()).count()
        XCTAssertEqual(rows, 0)
    }

    func testAnAdministratorsRoleChangeOrDeactivationOnTheMembersScreenSignsTheMemberOut() async throws {
        let test = try await makeTestApp()
        let admin = Browser(app: test.app), member = Browser(app: test.app), other = Browser(app: test.app)
        _ = try await admin.signIn("system_administrator", password: test.password)
        _ = try await member.signIn("counter_staff", password: test.password)
        _ = try await other.signIn("auditor", password: test.password)
        let counterStaff = try await SignInHardeningTests.staff("counter_staff", test)
        let auditor = try await SignInHardeningTests.staff("auditor", test)
        let token = try await admin.csrfToken(from: "/132152/staff")

        let changed = try await admin.post("/132152/staff/members/\(try counterStaff.requireID().uuidString.lowercased())",
                                           form: ["_csrf": token, "roles[]": "department_staff", "active": "on"])
        XCTAssertEqual(changed.status, .seeOther)
        let afterRoles = try await member.get("/132152/staff").status
        XCTAssertEqual(afterRoles, .seeOther, "a role change on the members screen signs the member out")

        let deactivated = try await admin.post("/132152/staff/members/\(try auditor.requireID().uuidString.lowercased())",
                                               form: ["_csrf": token, "roles[]": "auditor"])
        XCTAssertEqual(deactivated.status, .seeOther)
        let afterDeactivation = try await other.get("/132152/staff").status
        XCTAssertEqual(afterDeactivation, .seeOther, "deactivation signs the member out")
        let own = try await admin.get("/132152/staff").status
        XCTAssertEqual(own, .ok, "the administrator's own session is untouched")
    }

    func testTheRetentionJobDeletesExpiredSessions() async throws {
        let test = try await makeTestApp()
        _ = try await Browser(app: test.app).signIn("auditor", password: test.password)
        try await Self.age(test) { $0.lastSeenAt = Date().addingTimeInterval(-2 * 3600) }
        _ = try await Browser(app: test.app).signIn("counter_staff", password: test.password)
        _ = try await RetentionJob.runOnce(app: test.app)
        let left = try await StaffSession.query(on: test.app.db).all()
        XCTAssertEqual(left.count, 1)
        let counterStaff = try await SignInHardeningTests.staff("counter_staff", test)
        XCTAssertEqual(left.first?.staffID, counterStaff.id)
    }

    /// Rewrites the timestamps of the sessions stored so far (instead of waiting).
    static func age(_ test: TestApp, _ change: (StaffSession) -> Void) async throws {
        for session in try await StaffSession.query(on: test.app.db).all() {
            change(session)
            try await session.save(on: test.app.db)
        }
    }
}
