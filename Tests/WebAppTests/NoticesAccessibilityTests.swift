import Foundation
@testable import WebApp
import XCTest
import XCTVapor

/// The notices' and alerts' pages, public and staff, with an active alert's banner, through axe and
/// the Nu HTML checker in headless Chromium (Tests/browser/check_pages.py), like the other pages.
final class NoticesAccessibilityTests: XCTestCase {
    func testNoticeAndAlertPagesPassAxe() async throws {
        try BrowserAccessibilityTests.requireBrowser()
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        try await test.addNoticeAreas(by: admin)
        let id = try await test.createNotice(by: admin, [("title", "防災訓練のお知らせ"), ("body", "## 日時\n\n- 12月10日\n\n[案内](https://example.jp/)"),
                                                         ("category", "bosai"), ("areas[]", "naka-1"), ("title_easy", "ぼうさい くんれん"),
                                                         ("body_easy", "くんれん を します。"), ("title_en", "Disaster drill"), ("body_en", "A drill.")])
        let attachments = "/132152/staff/notices/\(id)/attachments"
        let attached = try await admin.postMultipart(attachments, form: ["_csrf": try await admin.csrfToken(from: attachments)],
                                                     files: [(field: "file", filename: "訓練の案内.pdf", data: Data("%PDF-1.4\n%%EOF\n".utf8))])
        XCTAssertEqual(attached.status, .seeOther, "the notice carries a file on every page checked")
        _ = try await admin.postPairs("/132152/staff/notices/\(id)/publish", [])
        _ = try await admin.postPairs("/132152/staff/notices/\(id)", [("title", "防災訓練のお知らせ（訂正）"), ("body", "訂正"), ("category", "bosai"), ("note", "日時")])
        _ = try await admin.postPairs("/132152/staff/alerts", [("level", "4"), ("areas[]", "naka-1")])
        let hook = try await admin.postPairs("/132152/staff/webhooks", [("url", "https://bridge.example.jp/hook"), ("description", "LINE連携"),
                                                                         ("categories[]", "bosai"), ("alerts", "1"), ("areas[]", "naka-1"), ("active", "1")])
        XCTAssertEqual(hook.status, .ok)
        // The fan-out queues the notice and the alert for it, so its page lists its latest messages.
        await DeclaredJobs.runRound(try XCTUnwrap(test.app.madoguchi.manifests.flatMap(\.jobs).first { $0.name == "notices.fanout" }), app: test.app)
        let webhookList = try await admin.get("/132152/staff/webhooks").body.string
        let webhook = try XCTUnwrap(webhookList.range(of: #"/132152/staff/webhooks/[0-9a-f-]{36}"#, options: .regularExpression).map { String(webhookList[$0]) })
        let port = try await test.startServer()
        let (status, output) = try await BrowserAccessibilityTests.runChecker(
            base: "http://127.0.0.1:\(port)", login: "municipality_administrator", password: test.password,
            staff: ["/132152/staff/notices", "/132152/staff/notices/new", "/132152/staff/notices/\(id)", "/132152/staff/notices/areas", attachments,
                    "/132152/staff/alerts", "/132152/staff/webhooks", webhook, webhook + "?lang=en"],
            pages: ["/132152/", "/132152/notices", "/132152/notices?lang=en", "/132152/notices/\(id)", "/132152/notices/\(id)?lang=en",
                    "/132152/alerts"])
        XCTAssertEqual(status, 0, output)
    }
}
