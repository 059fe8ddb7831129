import FluentKit
import MadoguchiCore
@testable import WebApp
import XCTVapor

final class SignInTests: XCTestCase {
    func testWrongPasswordIsRejectedWithoutSayingWhichPartWasWrong() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        let wrongPassword = try await browser.signIn("auditor", password: "not the password")
        let unknownUser = try await browser.signIn("nobody", password: "not the password")
        XCTAssertEqual(wrongPassword.status, .unauthorized)
        XCTAssertEqual(unknownUser.status, .unauthorized)
        XCTAssertTrue(wrongPassword.body.string.contains("ログイン名またはパスワードが違います"))
        XCTAssertTrue(unknownUser.body.string.contains("ログイン名またはパスワードが違います"))
        XCTAssertTrue(wrongPassword.body.string.contains(#"value="auditor""#), "the login name typed is kept")
    }

    func testAccountLocksAfterFiveFailuresEvenForTheRightPassword() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        for _ in 1..<StaffAccounts.maximumFailedAttempts {
            let value1 = try await browser.signIn("counter_staff", password: "wrong password!").status
            XCTAssertEqual(value1, .unauthorized)
        }
        // Issue 11: a locked account answers exactly like a wrong password (it used to be a 403 saying
        // "locked", which told anyone which names exist).
        let fifth = try await browser.signIn("counter_staff", password: "wrong password!")
        XCTAssertEqual(fifth.status, .unauthorized)
        XCTAssertTrue(fifth.body.string.contains("ロックされます"))
        let right = try await browser.signIn("counter_staff", password: test.password)
        XCTAssertEqual(right.status, .unauthorized, "a locked account stays locked")
        XCTAssertNil(browser.cookies["madoguchi_session"])
        let staff = try await Staff.query(on: test.app.db).filter(\.$loginName == "counter_staff").first()
        XCTAssertNotNil(staff?.lockedUntil)
    }

    func testSuccessfulSignInRotatesTheSessionAndSignOutEndsIt() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        _ = try await browser.get("/132152/staff/login")
        XCTAssertNil(browser.cookies["madoguchi_session"], "no session before sign-in (issue 11)")
        let planted = "planted-by-an-attacker-0123456789abcdef"
        browser.cookies["madoguchi_session"] = planted
        let response = try await browser.signIn("auditor", password: test.password)
        XCTAssertEqual(response.status, .seeOther)
        XCTAssertNotNil(browser.cookies["madoguchi_session"])
        XCTAssertNotEqual(browser.cookies["madoguchi_session"], planted, "session id is chosen by the server at sign-in")
        let value2 = try await browser.get("/132152/staff").status
        XCTAssertEqual(value2, .ok)
        let token = try await browser.csrfToken(from: "/132152/staff")
        let value3 = try await browser.post("/132152/staff/logout", form: ["_csrf": token]).status
        XCTAssertEqual(value3, .seeOther)
        let value4 = try await browser.get("/132152/staff").status
        XCTAssertEqual(value4, .seeOther)
    }

    func testSessionCookieIsHttpOnlyAndSameSite() async throws {
        let test = try await makeTestApp()
        // The session cookie now exists only after sign-in (issue 11), and is Secure by default.
        let response = try await Browser(app: test.app).signIn("auditor", password: test.password)
        let cookie = try XCTUnwrap(response.headers[.setCookie].first { $0.hasPrefix("madoguchi_session=") })
        XCTAssertTrue(cookie.contains("HttpOnly"))
        XCTAssertTrue(cookie.contains("SameSite=Lax"))
        XCTAssertTrue(cookie.contains("Secure"))
    }

    func testForgedCSRFTokenIsRefusedAndNothingIsWritten() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("municipality_administrator", password: test.password)
        let before = try await Staff.query(on: test.app.db).count()
        let forged = try await browser.post("/132152/staff/members", form: [
            "_csrf": "forged", "login_name": "intruder", "display_name": "x", "password": "long enough password",
            "roles[]": "auditor",
        ])
        XCTAssertEqual(forged.status, .forbidden)
        let missing = try await browser.post("/132152/staff/members", form: ["login_name": "intruder"], csrf: false)
        XCTAssertEqual(missing.status, .forbidden)
        let value5 = try await Staff.query(on: test.app.db).count()
        XCTAssertEqual(value5, before)
    }

    func testPasswordChangeChecksTheCurrentPasswordAndTheRules() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("counter_staff", password: test.password)
        let token = try await browser.csrfToken(from: "/132152/staff/password")
        let wrong = try await browser.post("/132152/staff/password",
                                           form: ["_csrf": token, "current_password": "nope", "new_password": "a new long password"])
        XCTAssertEqual(wrong.status, .unprocessableEntity)
        XCTAssertTrue(wrong.body.string.contains("現在のパスワードが違います"))
        let short = try await browser.post("/132152/staff/password",
                                           form: ["_csrf": token, "current_password": test.password, "new_password": "short"])
        XCTAssertTrue(short.body.string.contains("12文字以上"))
        let ok = try await browser.post("/132152/staff/password",
                                        form: ["_csrf": token, "current_password": test.password, "new_password": "a new long password"])
        XCTAssertEqual(ok.status, .ok)
        let value6 = try await Browser(app: test.app).signIn("counter_staff", password: "a new long password").status
        XCTAssertEqual(value6, .seeOther)
    }

    func testAdministratorCreatesStaffAndMistakesNameTheField() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("municipality_administrator", password: test.password)
        let token = try await browser.csrfToken(from: "/132152/staff/members")
        let bad = try await browser.post("/132152/staff/members", form: [
            "_csrf": token, "login_name": "has space", "display_name": "x", "password": "long enough password", "roles[]": "department_staff"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.string.contains("href=\"#login_name\""))
        let escalation = try await browser.post("/132152/staff/members", form: [
            "_csrf": token, "login_name": "sato", "display_name": "佐藤", "password": "long enough password",
            "roles[]": "system_administrator"])
        // Issue 11 (separation of duties): a privileged grant by a municipality administrator is refused with 403.
        XCTAssertEqual(escalation.status, .forbidden, "a municipality administrator cannot grant system administration")
        let value7 = try await Staff.query(on: test.app.db).filter(\.$loginName == "sato").first()
        XCTAssertNil(value7)
        let good = try await browser.post("/132152/staff/members", form: [
            "_csrf": token, "login_name": "sato", "display_name": "佐藤", "password": "long enough password",
            "roles[]": "department_staff"])
        XCTAssertEqual(good.status, .ok)
        let created = try await Staff.query(on: test.app.db).filter(\.$loginName == "sato").first()
        XCTAssertEqual(created?.roles, [.departmentStaff])
    }
}
