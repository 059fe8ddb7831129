import Foundation
import MadoguchiCore
import Privacy
@testable import WebApp
import XCTest

/// The privacy officer's page for one request as a function: the requester and the deadline, the
/// records found in the declared files, the notices, and the decision, extension and correction forms.
final class StaffPrivacyRequestViewTests: XCTestCase {
    let id = UUID(uuidString: "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D")!
    var action: String { "/132152/staff/privacy/requests/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }

    func request(kind: PrivacyRequestKind, status: PrivacyRequestStatus, extended: Bool, decision: PrivacyRequestDecision? = nil) -> PrivacyRequest {
        let request = PrivacyRequest()
        request.id = id
        request.kind = kind.rawValue
        request.status = status.rawValue
        request.receivedOn = "2026-11-02"
        request.correctionDays = status == .awaitingCorrection ? 3 : 0
        request.extensionNoticeOn = extended ? "2026-11-20" : nil
        request.decision = decision?.rawValue
        return request
    }

    func detail(_ request: PrivacyRequest, records: [(PersonalRecordMatch, String)] = [], notices: [(String, String)] = [],
                problems: [FieldProblem] = []) -> StaffPrivacyRequestsPage.Detail {
        StaffPrivacyRequestsPage.Detail(request: request, reference: "pr-0001",
                                        requester: .init(name: "山田 花子", address: "国立市富士見台2-47-1", contact: nil),
                                        subject: #"転出届の記録 "<一式>""#, due: CivilDate(iso: "2026-12-02"), records: records,
                                        notices: notices, problems: problems)
    }

    /// An extended request awaiting a correction: the deadline says so, a decision can be recorded
    /// (a problem on the grounds is shown there), and the correction can be ended.
    func testAnOpenRequestHasTheDecisionFormWithLabelledControls() throws {
        let problem = FieldProblem(field: "grounds", message: LocalizedText(ja: "一部開示・不開示等の決定には理由が必要です", en: "Grounds are required"))
        let model = detail(request(kind: .disclosure, status: .awaitingCorrection, extended: true), problems: [problem])
        for language in UILanguage.allCases {
            let page = try ParsedPage(StaffPrivacyRequestsPage.detail(model, context: viewContext(language, path: action, staff: "privacy")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, ["開示請求 PR-0001"])
            var items: [String: String] = [:]
            let list = try XCTUnwrap(page.main?.first("dl"))
            for (dt, dd) in zip(list.all("dt"), list.all("dd")) { items[dt.text] = dd.text }
            XCTAssertEqual(items["請求者"], "山田 花子")
            XCTAssertEqual(items["連絡先"], "—")
            XCTAssertEqual(items["請求の内容"], #"転出届の記録 "<一式>""#, "typed text is shown as text")
            XCTAssertEqual(items["受付日"], Wareki.format(CivilDate(iso: "2026-11-02")!))
            XCTAssertEqual(items["決定期限"], Wareki.format(CivilDate(iso: "2026-12-02")!) + "（延長済み：さらに30日）（補正3日を除く）")
            XCTAssertEqual(items["状況"], "補正中")
            XCTAssertTrue(page.main!.text.contains("該当する記録は見つかりませんでした。"))

            let decide = try XCTUnwrap(page.first("form", "action", action + "/decide"))
            XCTAssertEqual(decide["method"], "post")
            XCTAssertEqual(page.fieldNames(in: decide), ["_csrf", "decision", "grounds", "on"])
            XCTAssertEqual(decide.first("select", "name", "decision")?.all("option").map(\.text), ["全部開示", "一部開示", "不開示", "存否応答拒否"])
            XCTAssertEqual(page.label(of: "decision"), "決定の内容")
            XCTAssertEqual(page.label(of: "grounds"), "理由（全部開示以外は必須）")
            XCTAssertEqual(page.label(of: "on"), "決定日（空欄は今日）")
            XCTAssertEqual(decide.first("p", "class", "field-problem")?.text, problem.message.text(language))
            XCTAssertEqual(page.first("div", "role", "alert")?.first("a")?["href"], "#grounds")
            XCTAssertNil(page.first("form", "action", action + "/extend"), "already extended")
            XCTAssertNotNil(page.first("form", "action", action + "/correction-end"))
            XCTAssertNil(page.first("form", "action", action + "/correction-start"))
        }
    }

    /// A fresh correction request can still be extended (with a reason) and sent back for a correction;
    /// the decision options are those of a correction.
    func testARequestNotYetExtendedOffersTheExtensionAndTheCorrection() throws {
        let model = detail(request(kind: .correction, status: .received, extended: false))
        let page = try ParsedPage(StaffPrivacyRequestsPage.detail(model, context: viewContext(.ja, path: action, staff: "privacy")))
        XCTAssertEqual(page.lang, "ja")
        XCTAssertEqual(page.h1, ["訂正請求 PR-0001"])
        XCTAssertEqual(page.first("select", "name", "decision")?.all("option").compactMap { $0["value"] },
                       PrivacyRequestDecision.allCases.map(\.rawValue))
        XCTAssertEqual(page.first("select", "name", "decision")?.first("option")?.text, "訂正する")
        let extend = try XCTUnwrap(page.first("form", "action", action + "/extend"))
        XCTAssertEqual(page.fieldNames(in: extend), ["_csrf", "reason", "on"])
        XCTAssertEqual(page.label(of: "reason"), "延長の理由（通知書に記載）")
        XCTAssertEqual(page.label(of: "on"), "決定日（空欄は今日）")
        XCTAssertEqual(page.label(of: "extension-on"), "通知日（空欄は今日）", "the two date fields have their own ids")
        page.assertWellFormedPage(lang: "ja")
        XCTAssertTrue(page.main!.text.contains("（受付から30日）"))
        XCTAssertNotNil(page.first("form", "action", action + "/correction-start"))
        XCTAssertNil(page.first("form", "action", action + "/correction-end"))
    }

    /// A decided request lists what was found and the notices, and offers no more forms.
    func testADecidedRequestShowsTheRecordsAndNoticesAndNoForms() throws {
        let match = PersonalRecordMatch(fileID: "forms.applications", reference: "20261129-ABC234", summary: "転出届（受付）", recordedAt: nil)
        let model = detail(request(kind: .disclosure, status: .decided, extended: false, decision: .full),
                           records: [(match, "オンライン申請ファイル")], notices: [("開示決定通知書", "国立市長\n開示します。")])
        for language in UILanguage.allCases {
            let page = try ParsedPage(StaffPrivacyRequestsPage.detail(model, context: viewContext(language, path: action, staff: "privacy")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertTrue(page.all("form").allSatisfy { !($0["action"] ?? "").hasPrefix(action) }, "no decision, extension or correction forms")
            XCTAssertEqual(page.main?.all("li").map(\.text), ["オンライン申請ファイル：20261129-ABC234 転出届（受付）"])
            let notice = try XCTUnwrap(page.first("section", "class", "paper-form"))
            XCTAssertEqual(notice.first("h2")?.text, "開示決定通知書")
            XCTAssertEqual(notice.first("pre", "class", "notice-text")?.children.count, 1)
            XCTAssertTrue(page.source.contains("国立市長\n開示します。"), "line breaks of the notice kept")
            XCTAssertTrue(page.main!.text.contains("決定済み"))
        }
    }
}
