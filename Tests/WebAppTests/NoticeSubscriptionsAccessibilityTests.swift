import FluentKit
import Foundation
import Mail
import Notices
import Privacy
@testable import WebApp
import XCTest
import XCTVapor

/// The mail subscription pages (subscribe, the answer's confirm page, manage, unsubscribe, in
/// Japanese and English) through axe and the Nu HTML checker in headless Chromium.
final class NoticeSubscriptionsAccessibilityTests: XCTestCase {
    func testSubscriptionPagesPassAxeAndTheNuChecker() async throws {
        try BrowserAccessibilityTests.requireBrowser()
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        try await test.addNoticeAreas(by: admin)
        let resident = Browser(app: test.app)
        _ = try await resident.get("/132152/notices/subscribe")
        let answer = try await resident.postPairs("/132152/notices/subscribe", [("address", "hanako@example.jp"), ("categories[]", "bosai"),
                                                                              ("areas[]", "naka-1"), ("language", "ja")])
        XCTAssertEqual(answer.status, .ok, answer.body.string)
        func lastMail(_ kind: String) async throws -> String {
            let rows = try await OutboxMessage.query(on: test.app.db).filter(\.$kind == kind).all()
            let row = try XCTUnwrap(rows.max { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) })
            return try await test.app.madoguchi.mailOutbox.message(of: row, on: test.app.db).body
        }
        func path(_ route: String, in body: String) throws -> String {
            let range = try XCTUnwrap(body.range(of: "/132152/\(route)/"), "no \(route) link")
            return "/132152/\(route)/" + body[range.upperBound...].prefix { !$0.isWhitespace }
        }
        let confirm = try path("notices/subscribe/confirm", in: try await lastMail(NoticeSubscriptions.accountMailKind))
        _ = try await resident.get(confirm)
        let confirmed = try await resident.postPairs(confirm, [])
        XCTAssertEqual(confirmed.status, .ok)
        // A second request for the same address brings a manage link (whose pages are checked).
        _ = try await resident.postPairs("/132152/notices/subscribe", [("address", "hanako@example.jp"), ("categories[]", "bosai")])
        let manage = try path("notices/subscription", in: try await lastMail(NoticeSubscriptions.accountMailKind))
        let token = String(manage.split(separator: "/").last!)
        // A fresh confirmation link for the confirm page itself.
        _ = try await resident.postPairs("/132152/notices/subscribe", [("address", "jiro@example.jp"), ("categories[]", "kurashi")])
        let pendingConfirm = try path("notices/subscribe/confirm", in: try await lastMail(NoticeSubscriptions.accountMailKind))

        let port = try await test.startServer()
        let (status, output) = try await BrowserAccessibilityTests.runChecker(
            base: "http://127.0.0.1:\(port)", login: "municipality_administrator", password: test.password,
            staff: ["/132152/staff/notices"],
            pages: ["/132152/notices/subscribe", "/132152/notices/subscribe?lang=en", pendingConfirm, pendingConfirm + "?lang=en",
                    manage, manage + "?lang=en", "/132152/notices/unsubscribe/\(token)", "/132152/notices/unsubscribe/\(token)?lang=en"])
        XCTAssertEqual(status, 0, output)
    }
}
