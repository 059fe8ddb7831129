import Audit
import FluentKit
import Foundation
import MadoguchiCore
import NIOCore
@testable import WebApp
import XCTVapor

/// Issue 11, authentication: the lock-out holds under parallel attempts, every refusal looks the
/// same, and the per-address limiter and the audit log see the client behind a trusted proxy.
final class SignInHardeningTests: XCTestCase {
    func testTenParallelWrongPasswordsAllCountAndTheRightPasswordIsThenRefused() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        let token = try await browser.csrfToken()
        let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let app = test.app
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    var headers = HTTPHeaders()
                    headers.contentType = .urlEncodedForm
                    headers.replaceOrAdd(name: .cookie, value: cookie)
                    let body = "login_name=counter_staff&password=wrong+password%21&_csrf=\(Browser.escape(token))"
                    return try await app.sendRequest(.POST, "/132152/staff/login", headers: headers, body: ByteBuffer(string: body)).status
                }
            }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses, Array(repeating: .unauthorized, count: 10))
        let staff = try await Self.staff("counter_staff", test)
        XCTAssertNotNil(staff.lockedUntil, "five of the ten failures lock the account")
        let entries = try await AuditEntry.query(on: test.app.db).filter(\.$targetID == staff.requireID().uuidString).all()
        XCTAssertEqual(entries.filter { $0.action == "staff.login.failed" }.count, StaffAccounts.maximumFailedAttempts,
                       "every failure up to the lock is counted (no lost update)")
        XCTAssertEqual(entries.filter { $0.action == "staff.login.refused" }.count, 10 - StaffAccounts.maximumFailedAttempts)

        let right = try await browser.signIn("counter_staff", password: test.password)
        XCTAssertEqual(right.status, .unauthorized, "the right password is refused while the account is locked")
        XCTAssertNil(browser.cookies[SessionToken.cookieName])

        // The lock is time-limited: once `locked_until` has passed, the right password works again.
        staff.lockedUntil = Date().addingTimeInterval(-1)
        try await staff.save(on: test.app.db)
        let later = try await browser.signIn("counter_staff", password: test.password)
        XCTAssertEqual(later.status, .seeOther)
    }

    func testUnknownNameWrongPasswordLockedAndDeactivatedGetTheSameAnswer() async throws {
        let test = try await makeTestApp()
        let locked = try await Self.staff("department_staff", test)
        locked.lockedUntil = Date().addingTimeInterval(600)
        try await locked.save(on: test.app.db)
        let inactive = try await Self.staff("privacy_officer", test)
        inactive.active = false
        try await inactive.save(on: test.app.db)

        let browser = Browser(app: test.app)
        let attempts = [("nobody-here", "some password!"), ("auditor", "wrong password!"),
                        ("department_staff", test.password), ("privacy_officer", test.password)]
        var answers: [(status: HTTPStatus, body: String)] = []
        for (name, password) in attempts {
            let response = try await browser.signIn(name, password: password)
            // The typed login name is echoed back in the field; everything else must be identical.
            answers.append((response.status, response.body.string.replacingOccurrences(of: #"value="\#(name)""#, with: #"value="NAME""#)))
        }
        for (index, answer) in answers.enumerated() {
            XCTAssertEqual(answer.status, .unauthorized, attempts[index].0)
            XCTAssertEqual(answer.body, answers[0].body, "\(attempts[index].0) answers like an unknown name")
        }
        XCTAssertTrue(answers[0].body.contains("ログイン名またはパスワードが違います"))
        XCTAssertNil(browser.cookies[SessionToken.cookieName])
    }

    func testSignInLimiterAndAuditUseTheClientBehindATrustedProxyOnly() async throws {
        let test = try await makeTestApp(extraEnvironment: ["MADOGUCHI_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.0.1"])
        let browser = Browser(app: test.app)
        let token = try await browser.csrfToken()
        let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        func attempt(peer: String, forwardedFor: String) async throws -> HTTPStatus {
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.replaceOrAdd(name: .cookie, value: cookie)
            headers.replaceOrAdd(name: .xForwardedFor, value: forwardedFor)
            let body = "login_name=nobody&password=whatever+it+is&_csrf=\(Browser.escape(token))"
            let request = Request(application: test.app, method: .POST, url: URI(path: "/132152/staff/login"), headers: headers,
                                  collectedBody: ByteBuffer(string: body),
                                  remoteAddress: try SocketAddress(ipAddress: peer, port: 40_000), on: test.app.eventLoopGroup.next())
            return try await test.app.responder.respond(to: request).get().status
        }
        let limit = test.app.madoguchi.loginLimiter.limit
        // Behind a trusted proxy: the right-most untrusted address counts (the left one is the client's own claim).
        for _ in 0..<limit {
            let status = try await attempt(peer: "10.0.0.5", forwardedFor: "203.0.113.66, 198.51.100.7")
            XCTAssertEqual(status, .unauthorized)
        }
        let over = try await attempt(peer: "10.0.0.5", forwardedFor: "203.0.113.67, 198.51.100.7")
        XCTAssertEqual(over, .tooManyRequests, "the same client behind the proxy is limited")
        let neighbour = try await attempt(peer: "10.0.0.5", forwardedFor: "198.51.100.8, 192.168.0.1")
        XCTAssertEqual(neighbour, .unauthorized, "another client behind the same proxies is not")
        // From an untrusted peer the header is ignored: changing it does not escape the limit.
        for index in 0..<limit {
            let status = try await attempt(peer: "192.0.2.10", forwardedFor: "198.51.100.\(index + 20)")
            XCTAssertEqual(status, .unauthorized)
        }
        let spoofed = try await attempt(peer: "192.0.2.10", forwardedFor: "198.51.100.99")
        XCTAssertEqual(spoofed, .tooManyRequests)

        let addresses = Set(try await AuditEntry.query(on: test.app.db).filter(\.$action == "staff.login.failed").all().compactMap(\.ipAddress))
        XCTAssertEqual(addresses, ["198.51.100.7", "198.51.100.8", "192.0.2.10"])
    }

    func testClientAddressReadsForwardedForFromTheRightAndOnlyFromTrustedPeers() throws {
        let trusted = [NetworkRange("10.0.0.0/8")!, NetworkRange("2001:db8::/32")!]
        XCTAssertEqual(ClientAddress.resolve(peer: "203.0.113.1", forwardedFor: ["198.51.100.7"], trusted: trusted), "203.0.113.1")
        XCTAssertEqual(ClientAddress.resolve(peer: "10.1.2.3", forwardedFor: ["1.1.1.1, 198.51.100.7, 10.0.0.9"], trusted: trusted),
                       "198.51.100.7")
        XCTAssertEqual(ClientAddress.resolve(peer: "10.1.2.3", forwardedFor: ["1.1.1.1", "198.51.100.7"], trusted: trusted), "198.51.100.7",
                       "several header lines are one list")
        XCTAssertEqual(ClientAddress.resolve(peer: "::ffff:10.1.2.3", forwardedFor: ["198.51.100.7"], trusted: trusted), "198.51.100.7")
        XCTAssertEqual(ClientAddress.resolve(peer: "2001:db8::1", forwardedFor: ["2001:db9::5"], trusted: trusted), "2001:db9::5")
        XCTAssertEqual(ClientAddress.resolve(peer: "10.1.2.3", forwardedFor: ["not-an-address"], trusted: trusted), "10.1.2.3")
        XCTAssertEqual(ClientAddress.resolve(peer: "10.1.2.3", forwardedFor: [], trusted: trusted), "10.1.2.3")
        XCTAssertEqual(ClientAddress.resolve(peer: "10.1.2.3", forwardedFor: ["198.51.100.7"], trusted: []), "10.1.2.3")
        XCTAssertNil(NetworkRange("10.0.0.0/33"))
        XCTAssertNil(NetworkRange("example.com"))
        XCTAssertFalse(NetworkRange("10.0.0.0/8")!.contains("11.0.0.1"))
    }

    func testRequestIDIsKeptOnlyWhenItIsAShortPlainToken() async throws {
        let test = try await makeTestApp()
        try await test.app.test(.GET, "/132152/", headers: ["X-Request-Id": "abc.DEF_1-2"]) { res async in
            XCTAssertEqual(res.headers.first(name: "X-Request-Id"), "abc.DEF_1-2")
        }
        for hostile in ["has space", String(repeating: "a", count: 7_000), String(repeating: "b", count: 65), "<script>", "日本語", "a;b"] {
            try await test.app.test(.GET, "/132152/", headers: ["X-Request-Id": hostile]) { res async in
                let echoed = res.headers.first(name: "X-Request-Id") ?? ""
                XCTAssertNotEqual(echoed, hostile)
                XCTAssertTrue(RequestIDMiddleware.isPlainToken(echoed), "replaced by a fresh id: \(echoed.prefix(80))")
            }
        }
        // The audit entry of a sign-in attempt records the replacement, not the caller's text.
        let browser = Browser(app: test.app)
        let token = try await browser.csrfToken()
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.replaceOrAdd(name: .xRequestId, value: "injected request id " + String(repeating: "x", count: 500))
        _ = try await test.app.sendRequest(.POST, "/132152/staff/login", headers: headers,
                                           body: ByteBuffer(string: "login_name=nobody&password=x&_csrf=\(Browser.escape(token))"))
        let entry = try await AuditEntry.query(on: test.app.db).filter(\.$action == "staff.login.failed").first()
        let recorded = try XCTUnwrap(entry?.requestID)
        XCTAssertTrue(RequestIDMiddleware.isPlainToken(recorded))
        XCTAssertFalse(recorded.contains("injected"))
    }

    func testSecureCookiesAndHSTSAreOnUnlessSwitchedOffForLocalDevelopment() async throws {
        XCTAssertTrue(try Configuration.resolve(environment: [:]).secureCookies, "on by default, also on loopback")
        XCTAssertFalse(try Configuration.resolve(environment: ["MADOGUCHI_SECURE_COOKIES": "0"]).secureCookies)

        let secure = try await makeTestApp()
        let page = try await secure.app.sendRequest(.GET, "/132152/staff/login")
        XCTAssertNotNil(page.headers.first(name: "Strict-Transport-Security"))
        XCTAssertFalse(page.headers[.setCookie].isEmpty)
        XCTAssertTrue(page.headers[.setCookie].allSatisfy { $0.contains("Secure") }, "the CSRF cookie is Secure")
        let local = try await makeTestApp(extraEnvironment: ["MADOGUCHI_SECURE_COOKIES": "0"])
        let signedIn = try await Browser(app: local.app).signIn("auditor", password: local.password)
        XCTAssertEqual(signedIn.status, .seeOther)
        XCTAssertNil(signedIn.headers.first(name: "Strict-Transport-Security"))
        XCTAssertFalse(signedIn.headers[.setCookie].contains { $0.contains("Secure") })
    }

    func testBehindHTTPSTheCookiesTakeTheHostPrefix() async throws {
        let test = try await makeTestApp(extraEnvironment: ["MADOGUCHI_PUBLIC_URL": "https://madoguchi.example"])
        let browser = Browser(app: test.app)
        let form = try await browser.get("/132152/staff/login")
        XCTAssertTrue(form.headers[.setCookie].contains { $0.hasPrefix("__Host-madoguchi_csrf=") })
        let signedIn = try await browser.signIn("auditor", password: test.password)
        XCTAssertEqual(signedIn.status, .seeOther)
        let cookie = try XCTUnwrap(signedIn.headers[.setCookie].first { $0.hasPrefix("__Host-madoguchi_session=") })
        XCTAssertTrue(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), cookie)
        let dashboard = try await browser.get("/132152/staff").status
        XCTAssertEqual(dashboard, .ok)
    }

    func testSessionAndProxySettingsAreCheckedAtStartUp() {
        let bad: [(String, String)] = [("MADOGUCHI_SESSION_IDLE_MINUTES", "1"), ("MADOGUCHI_SESSION_IDLE_MINUTES", "thirty"),
                                       ("MADOGUCHI_SESSION_ABSOLUTE_HOURS", "25"), ("MADOGUCHI_TRUSTED_PROXIES", "10.0.0.0/33"),
                                       ("MADOGUCHI_TRUSTED_PROXIES", "proxy.example")]
        for (setting, value) in bad {
            XCTAssertThrowsError(try Configuration.resolve(environment: [setting: value])) { error in
                XCTAssertEqual((error as? Configuration.Problem)?.setting, setting, "\(setting)=\(value)")
            }
        }
        XCTAssertThrowsError(try Configuration.resolve(environment: ["MADOGUCHI_SESSION_IDLE_MINUTES": "120",
                                                                    "MADOGUCHI_SESSION_ABSOLUTE_HOURS": "1"]))
        let configuration = try? Configuration.resolve(environment: ["MADOGUCHI_SESSION_IDLE_MINUTES": "15", "MADOGUCHI_SESSION_ABSOLUTE_HOURS": "4",
                                                                     "MADOGUCHI_TRUSTED_PROXIES": "10.0.0.0/8,::1"])
        XCTAssertEqual(configuration?.sessionIdleTimeout, 15 * 60)
        XCTAssertEqual(configuration?.sessionAbsoluteTimeout, 4 * 3600)
        XCTAssertEqual(configuration?.trustedProxies.count, 2)
        XCTAssertEqual(try? Configuration.resolve(environment: [:]).sessionIdleTimeout, 30 * 60)
        XCTAssertEqual(try? Configuration.resolve(environment: [:]).sessionAbsoluteTimeout, 8 * 3600)
    }

    static func staff(_ login: String, _ test: TestApp) async throws -> Staff {
        let found = try await Staff.query(on: test.app.db).filter(\.$municipality.$id == test.kunitachi.requireID())
            .filter(\.$loginName == login).first()
        return try XCTUnwrap(found)
    }
}
