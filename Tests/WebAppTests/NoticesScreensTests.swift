import Audit
import FluentKit
import Foundation
import MadoguchiCore
import Notices
@testable import WebApp
import XCTest
import XCTVapor

/// Notices over HTTP: staff write, publish and correct; residents read lists, pages and the home page.
final class NoticesScreensTests: XCTestCase {
    func testStaffPublishAndCorrectANoticeThatResidentsReadWithItsHistory() async throws {
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        try await test.addNoticeAreas(by: admin)
        let staff = try await test.signedIn("department_staff")
        let form = try await staff.get("/132152/staff/notices/new")
        XCTAssertEqual(form.status, .ok)
        XCTAssertTrue(form.body.string.contains("name=\"areas[]\" value=\"naka-1\""), "areas offered as checkboxes")

        let id = try await test.createNotice(by: staff, [
            ("title", "中一丁目の道路工事<script>"), ("body", "# 工事の予定\n\n- 12月10日\n- 12月11日\n\n<script>alert(1)</script> [詳細](https://example.jp/koji) [危険](javascript:alert(1))"),
            ("category", "kurashi"), ("areas[]", "naka-1"), ("title_en", "Road works in Naka 1"), ("body_en", "Works on **10 and 11 December**."),
        ])
        // A draft is not public.
        let hidden = try await test.app.sendRequest(.GET, "/132152/notices/\(id)")
        XCTAssertEqual(hidden.status, .notFound)

        let published = try await staff.postPairs("/132152/staff/notices/\(id)/publish", [])
        XCTAssertEqual(published.status, .seeOther)
        let list = try await test.app.sendRequest(.GET, "/132152/notices")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.string.contains("中一丁目の道路工事&lt;script&gt;"), "the title is escaped")
        let page = try await test.app.sendRequest(.GET, "/132152/notices/\(id)")
        XCTAssertEqual(page.status, .ok)
        let html = page.body.string
        XCTAssertFalse(html.contains("<script>alert"), "raw HTML in the body is text")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("<h2>工事の予定</h2>"))
        XCTAssertTrue(html.contains("<li>12月10日</li>"))
        XCTAssertTrue(html.contains("<a href=\"https://example.jp/koji\">詳細</a>"))
        XCTAssertFalse(html.contains("javascript:"), "only http(s) and mailto links")
        XCTAssertTrue(html.contains("lang=\"en\""), "the English version is offered")
        XCTAssertFalse(html.contains("更新の履歴"))
        let english = try await test.app.sendRequest(.GET, "/132152/notices/\(id)?lang=en")
        XCTAssertTrue(english.body.string.contains("<strong>10 and 11 December</strong>"))
        let home = try await test.app.sendRequest(.GET, "/132152/")
        XCTAssertTrue(home.body.string.contains("/132152/notices/\(id)"), "the home page shows the latest notices")

        // A correction without a note is refused with the field named, the typed text kept.
        let refused = try await staff.postPairs("/132152/staff/notices/\(id)", [("title", "中一丁目の道路工事（日程変更）"), ("body", "12月12日に変更"),
                                                                                 ("category", "kurashi"), ("areas[]", "naka-1")])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.string.contains("「訂正の内容」"))
        XCTAssertTrue(refused.body.string.contains("12月12日に変更"))
        let corrected = try await staff.postPairs("/132152/staff/notices/\(id)", [("title", "中一丁目の道路工事（日程変更）"), ("body", "12月12日に変更"),
                                                                                   ("category", "kurashi"), ("areas[]", "naka-1"), ("note", "日程を変更しました")])
        XCTAssertEqual(corrected.status, .seeOther, corrected.body.string)
        let after = try await test.app.sendRequest(.GET, "/132152/notices/\(id)")
        XCTAssertEqual(after.status, .ok, "the same permanent URL")
        XCTAssertTrue(after.body.string.contains("中一丁目の道路工事（日程変更）"))
        XCTAssertTrue(after.body.string.contains("<dt>更新</dt>"))
        XCTAssertTrue(after.body.string.contains("更新の履歴"))
        XCTAssertTrue(after.body.string.contains("日程を変更しました"))

        let actions = try await AuditEntry.query(on: test.app.db).all().map(\.action)
        for action in ["notices.area.create", "notices.notice.create", "notices.notice.publish", "notices.notice.correct"] {
            XCTAssertTrue(actions.contains(action), action)
        }
    }

    func testBadInputComesBackWithEveryFieldNamedAndNothingLost() async throws {
        let test = try await makeTestApp()
        let staff = try await test.signedIn("department_staff")
        let typed = "本文は残ります\"><b>"
        let response = try await staff.postPairs("/132152/staff/notices", [
            ("title", ""), ("body", typed), ("category", "nope"), ("areas[]", "nowhere"), ("publish_at", "2026-13-01T00:00"),
            ("expires_at", "\(Int.max)"), ("department_id", "not-a-uuid"),
        ])
        XCTAssertEqual(response.status, .unprocessableEntity)
        let html = response.body.string
        for message in ["「件名」を入力してください", "「分類」を一覧から選んでください", "「対象地区」を一覧から選んでください",
                        "「掲載開始日時」", "「掲載終了日時」", "「担当課」を一覧から選んでください"] {
            XCTAssertTrue(html.contains(message), message)
        }
        XCTAssertTrue(html.contains("本文は残ります\"&gt;&lt;b&gt;"), "the typed body comes back, escaped")
        let count = try await Notice.query(on: test.app.db).count()
        XCTAssertEqual(count, 0)
    }

    func testAnEmergencyNoticeWaitsForAnotherPersonWithTheEmergencyPermission() async throws {
        let test = try await makeTestApp()
        let staff = try await test.signedIn("department_staff")
        let id = try await test.createNotice(by: staff, [("title", "断水のお知らせ"), ("body", "本日午後、断水します。"), ("category", "kinkyu")])
        let asked = try await staff.postPairs("/132152/staff/notices/\(id)/publish", [])
        XCTAssertEqual(asked.status, .seeOther)
        var page = try await test.app.sendRequest(.GET, "/132152/notices/\(id)")
        XCTAssertEqual(page.status, .notFound, "not public before approval")
        let byAuthor = try await staff.postPairs("/132152/staff/notices/\(id)/approve", [])
        XCTAssertEqual(byAuthor.status, .forbidden, "department staff hold no emergency permission")

        let admin = try await test.signedIn("municipality_administrator")
        let approved = try await admin.postPairs("/132152/staff/notices/\(id)/approve", [])
        XCTAssertEqual(approved.status, .seeOther, approved.body.string)
        page = try await test.app.sendRequest(.GET, "/132152/notices/\(id)")
        XCTAssertEqual(page.status, .ok)
        // The approver cannot approve their own request.
        let id2 = try await test.createNotice(by: admin, [("title", "緊急のお知らせ"), ("body", "本文"), ("category", "kinkyu")])
        _ = try await admin.postPairs("/132152/staff/notices/\(id2)/publish", [])
        let own = try await admin.postPairs("/132152/staff/notices/\(id2)/approve", [])
        XCTAssertEqual(own.status, .forbidden)
        XCTAssertTrue(own.body.string.contains("別の職員"))
    }

    func testPublicListsFilterAndRefuseUnknownValuesAndAnotherCityCannotSee() async throws {
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        try await test.addNoticeAreas(by: admin)
        for (title, category, area) in [("全域のお知らせ", "kurashi", ""), ("谷保の防災訓練", "bosai", "yaho"), ("中二丁目の講座", "event", "naka-2")] {
            let id = try await test.createNotice(by: admin, [("title", title), ("body", "本文"), ("category", category)] + (area.isEmpty ? [] : [("areas[]", area)]))
            _ = try await admin.postPairs("/132152/staff/notices/\(id)/publish", [])
        }
        let yaho = try await test.app.sendRequest(.GET, "/132152/notices?area=yaho").body.string
        XCTAssertTrue(yaho.contains("全域のお知らせ") && yaho.contains("谷保の防災訓練") && !yaho.contains("中二丁目の講座"))
        let safety = try await test.app.sendRequest(.GET, "/132152/notices?category=bosai").body.string
        XCTAssertTrue(safety.contains("谷保の防災訓練") && !safety.contains("全域のお知らせ"))
        let bad = try await test.app.sendRequest(.GET, "/132152/notices?category=%3Cscript%3E")
        XCTAssertEqual(bad.status, .badRequest)
        let badArea = try await test.app.sendRequest(.GET, "/132152/notices?area=" + String(repeating: "a", count: 5000))
        XCTAssertEqual(badArea.status, .badRequest)
        let other = try await test.app.sendRequest(.GET, "/132233/notices").body.string
        XCTAssertFalse(other.contains("全域のお知らせ"))
        let junk = try await test.app.sendRequest(.GET, "/132152/notices/not-a-uuid")
        XCTAssertEqual(junk.status, .notFound)
    }

    func testThePublicNoticeRoutesAreMarkedForThePageCache() throws {
        let app = Application(.testing)
        defer { app.shutdown() }
        try app.grouped(":municipality").register(collection: NoticesController())
        try app.grouped(":municipality").register(collection: AlertsController())
        let marked = app.routes.all.filter { $0.userInfo[RouteInfo.publicRead] as? Bool == true }.map { $0.path.string }
        XCTAssertEqual(Set(marked), [":municipality/notices", ":municipality/notices/feed.atom", ":municipality/notices/feed.rss",
                                     ":municipality/notices/:notice", ":municipality/alerts", ":municipality/alerts/cap.atom",
                                     ":municipality/alerts/cap/:message"])
    }
}
