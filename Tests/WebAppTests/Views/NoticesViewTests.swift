import Foundation
import MadoguchiCore
import Notices
@testable import WebApp
import XCTest

/// The notices' and alerts' pages rendered as functions, in Japanese and English.
final class NoticesViewTests: XCTestCase {
    static func notice(corrected: Bool = false) -> Notice {
        let n = Notice()
        n.id = UUID(uuidString: "11111111-2222-4333-8444-555555555555")
        n.municipalityID = UUID()
        n.categoryRaw = NoticeCategory.safety.rawValue
        n.areaCodesText = AreaCodes.encode(["naka-1"])
        n.title = "防災訓練<script>"
        n.body = "## 日時\n\n- 12月10日\n\n[案内](https://example.jp/)"
        n.titleEasy = "ぼうさい くんれん"
        n.bodyEasy = "くんれん を します。"
        n.titleEnglish = "Disaster drill"
        n.bodyEnglish = "A drill on **10 December**."
        n.state = .published
        n.publishedAt = Date(timeIntervalSince1970: 1_796_000_000)
        n.correctedAt = corrected ? Date(timeIntervalSince1970: 1_796_100_000) : nil
        n.revision = corrected ? 2 : 1
        n.createdBy = "system"
        n.createdAt = Date(timeIntervalSince1970: 1_795_900_000)
        return n
    }

    static let area = NoticeArea(municipalityID: UUID(), code: "naka-1", name: "中一丁目", nameEnglish: "Naka 1-chome")

    func testTheListAndTheNoticePageInBothLanguages() throws {
        for (lang, heading) in [(UILanguage.ja, "お知らせ"), (.en, "Notices")] {
            let list = try ParsedPage(NoticesPage.list(notices: [Self.notice()], areas: [Self.area], filter: .init(area: "naka-1"),
                                                       context: viewContext(lang, path: "/132152/notices")))
            list.assertWellFormedPage(lang: lang.rawValue)
            XCTAssertEqual(list.h1, [heading])
            XCTAssertTrue(list.links.contains("/132152/notices/11111111-2222-4333-8444-555555555555"))
            XCTAssertTrue(list.links.contains("/132152/notices/feed.atom?area=naka-1"))
            XCTAssertEqual(list.label(of: "category"), lang == .ja ? "分類" : "Category")
            XCTAssertEqual(list.label(of: "area"), lang == .ja ? "地区" : "Area")
        }
        let revisions = [NoticeRevision(), NoticeRevision()]
        for (i, r) in revisions.enumerated() {
            r.revision = i + 1
            r.note = i == 0 ? "" : "日時を訂正"
            r.savedAt = Date(timeIntervalSince1970: 1_796_000_000 + Double(i) * 100_000)
        }
        let ja = try ParsedPage(NoticesPage.detail(notice: Self.notice(corrected: true), revisions: revisions, areas: [Self.area], department: nil,
                                                   now: Date(timeIntervalSince1970: 1_796_200_000), context: viewContext(.ja, path: "/132152/notices/x")))
        ja.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(ja.h1, ["防災訓練<script>"])
        XCTAssertTrue(ja.headings.contains("日時"))
        XCTAssertTrue(ja.headings.contains("やさしい日本語") && ja.headings.contains("English") && ja.headings.contains("更新の履歴"))
        XCTAssertTrue(ja.main!.text.contains("中一丁目"))
        XCTAssertTrue(ja.main!.text.contains("日時を訂正"))
        XCTAssertTrue(ja.links.contains("https://example.jp/"))
        let en = try ParsedPage(NoticesPage.detail(notice: Self.notice(), revisions: [], areas: [Self.area], department: nil,
                                                   now: Date(timeIntervalSince1970: 1_796_200_000), context: viewContext(.en, path: "/132152/notices/x")))
        en.assertWellFormedPage(lang: "en")
        XCTAssertEqual(en.h1, ["Disaster drill"])
        XCTAssertTrue(en.main!.text.contains("Naka 1-chome"))
        XCTAssertFalse(en.headings.contains("History of changes"))
    }

    func testTheStaffFormsAndTheAlertPagesInBothLanguages() throws {
        for lang in UILanguage.allCases {
            let context = viewContext(lang, path: "/132152/staff/notices/new", staff: "職員")
            let model = StaffNoticesPage.FormModel(notice: Self.notice(), input: NoticeInput(notice: Self.notice()), note: "",
                                                   areas: [Self.area], departments: [], revisions: [], saved: false)
            let form = try ParsedPage(StaffNoticesPage.form(model, problems: [FieldProblem(field: "note", message: LocalizedText(ja: "「訂正の内容」を入力", en: "Note"))],
                                                            context: context))
            form.assertWellFormedPage(lang: lang.rawValue)
            for id in ["title", "body", "category", "department_id", "area-naka-1", "publish_at", "expires_at", "title_easy", "body_easy",
                       "title_en", "body_en", "note"] {
                XCTAssertNotNil(form.label(of: id), id)
            }
            let areas = try ParsedPage(StaffNoticesPage.areas([Self.area], input: .init(), problems: [], context: context))
            areas.assertWellFormedPage(lang: lang.rawValue)
            let list = try ParsedPage(StaffNoticesPage.list(notices: [Self.notice()], context: context))
            list.assertWellFormedPage(lang: lang.rawValue)

            let alert = EvacuationAlert()
            alert.id = UUID()
            alert.levelRaw = 4
            alert.areaCodesText = AreaCodes.encode(["naka-1"])
            alert.active = true
            alert.issuedAt = Date()
            let staffAlerts = try ParsedPage(StaffAlertsPage.render(alerts: [alert], areas: [Self.area], input: .init(), problems: [], context: context))
            staffAlerts.assertWellFormedPage(lang: lang.rawValue)
            for id in ["level", "alert-area-naka-1", "households", "people", "instruction", "instruction_en"] {
                XCTAssertNotNil(staffAlerts.label(of: id), id)
            }
            var publicContext = viewContext(lang, path: "/132152/alerts")
            publicContext.alerts = [PageContext.AlertBanner(level: AlertLevel.evacuationOrder.label, areas: LocalizedText(ja: "中一丁目", en: "Naka 1"),
                                                            instruction: AlertLevel.evacuationOrder.defaultInstruction, href: "/132152/alerts")]
            let page = try ParsedPage(AlertsPage.render(messages: [], areas: [Self.area], context: publicContext))
            page.assertWellFormedPage(lang: lang.rawValue)
            let banner = try XCTUnwrap(page.first("div", "role", "alert"))
            XCTAssertTrue(banner.text.contains(lang == .ja ? "警戒レベル4 避難指示" : "Alert level 4"))
        }
    }
}
