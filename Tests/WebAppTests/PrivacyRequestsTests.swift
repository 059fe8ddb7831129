import Foundation
import MadoguchiCore
import Privacy
import SQLKit
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// The file register and residents' requests, over HTTP: filed online, encrypted, handled by the
/// privacy officer with legal deadlines, records gathered across modules, decisions and notices.
final class PrivacyRequestsTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    private var sql: any SQLDatabase { test.app.db as! any SQLDatabase }

    func testTheRegisterListsEveryDeclaredFileAsAPageAndCSV() async throws {
        let page = try await test.app.sendRequest(.GET, "/132152/privacy")
        XCTAssertEqual(page.status, .ok)
        for text in ["窓口支援受付記録ファイル", "保有個人情報開示請求等ファイル", "保存期間", "要配慮個人情報", "30日"] {
            XCTAssertTrue(page.body.string.contains(text), text)
        }
        let csv = try await test.app.sendRequest(.GET, "/132152/privacy/files.csv")
        XCTAssertEqual(csv.headers.contentType?.subType, "csv")
        let lines = csv.body.string.split(separator: "\r\n")
        XCTAssertTrue(lines.first?.contains("個人情報ファイルの名称") ?? false)
        XCTAssertEqual(lines.count, 1 + Modules.all.flatMap(\.personalInformationFiles).count, "a header and one row per declared file")
        XCTAssertGreaterThanOrEqual(lines.count, 4, "core (staff), counter and privacy declare files")
    }

    func testResidentFilesAndOfficerDecidesWithNoticeAndGatheredRecords() async throws {
        // A counter session for the same person exists (another module's file).
        let counter = Browser(app: test.app)
        _ = try await counter.signIn("counter_staff", password: test.password)
        let ctoken = try await counter.csrfToken(from: "/132152/staff/counter")
        let session = try await counter.post("/132152/staff/counter", form: [
            "_csrf": ctoken, "event": "death", "event_date": CivilDate.today().adding(days: -3).description, "name": "山田　花子",
            "address": "東京都国立市富士見台2-47-1", "birth_date": "1955-01-02", "sex": "女"])
        XCTAssertEqual(session.status, .seeOther)

        let resident = Browser(app: test.app)
        let form = try await resident.get("/132152/privacy/requests/new")
        XCTAssertEqual(form.status, .ok)
        let token = try await resident.csrfToken(from: "/132152/privacy/requests/new")
        let bad = try await resident.post("/132152/privacy/requests", form: ["_csrf": token, "kind": "correction", "name": "山田 花子", "address": ""])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.string.contains("「住所」を入力してください"))
        XCTAssertTrue(bad.body.string.contains("開示を受けた日"))
        XCTAssertTrue(bad.body.string.contains(#"value="山田 花子""#), "typed values are kept")

        let filed = try await resident.post("/132152/privacy/requests", form: [
            "_csrf": token, "kind": "disclosure", "name": "山田 花子", "address": "東京都国立市富士見台2-47-1",
            "contact": "hanako@example.jp", "subject": "母の死亡に関する窓口記録"])
        XCTAssertEqual(filed.status, .seeOther)
        let location = try XCTUnwrap(filed.headers.first(name: .location))
        XCTAssertFalse(location.contains("山田"))
        let stored = try await sql.raw("SELECT requester_name, subject FROM privacy_requests").first()
        XCTAssertFalse(try XCTUnwrap(stored?.decode(column: "requester_name", as: String.self)).contains("山田"))

        let officer = Browser(app: test.app)
        _ = try await officer.signIn("privacy_officer", password: test.password)
        let queue = try await officer.get("/132152/staff/privacy/requests")
        XCTAssertEqual(queue.status, .ok)
        XCTAssertTrue(queue.body.string.contains("開示請求：1件"))
        let due = RequestDeadlineProbe.due(from: CivilDate.today())
        XCTAssertTrue(queue.body.string.contains(Wareki.format(due)), "the 30-day deadline is shown")
        let link = try XCTUnwrap(queue.body.string.range(of: #"/132152/staff/privacy/requests/[0-9a-f-]{36}"#, options: .regularExpression))
        let detailPath = String(queue.body.string[link])
        let detail = try await officer.get(detailPath)
        XCTAssertTrue(detail.body.string.contains("山田 花子"))
        XCTAssertTrue(detail.body.string.contains("窓口支援受付記録ファイル"), "the counter session is gathered")

        let otoken = try await officer.csrfToken(from: detailPath)
        let noReason = try await officer.post(detailPath + "/extend", form: ["_csrf": otoken, "reason": ""])
        XCTAssertEqual(noReason.status, .unprocessableEntity)
        let noGrounds = try await officer.post(detailPath + "/decide", form: ["_csrf": otoken, "decision": "partial", "grounds": ""])
        XCTAssertEqual(noGrounds.status, .unprocessableEntity)
        XCTAssertTrue(noGrounds.body.string.contains("理由が必要"))
        let decided = try await officer.post(detailPath + "/decide", form: ["_csrf": otoken, "decision": "partial", "grounds": "第三者の情報を含むため"])
        XCTAssertEqual(decided.status, .seeOther)
        let notice = try await officer.get(detailPath)
        XCTAssertTrue(notice.body.string.contains("決定通知書"))
        XCTAssertTrue(notice.body.string.contains("一部開示"))
        XCTAssertTrue(notice.body.string.contains("審査請求"))

        let actions = try await sql.raw("SELECT action FROM audit_entries").all().map { try $0.decode(column: "action", as: String.self) }
        for action in ["privacy.request.register", "privacy.request.view", "privacy.request.gather", "privacy.request.decide"] {
            XCTAssertTrue(actions.contains(action), action)
        }
    }
}

/// The decision deadline the queue should show for a request received on a day.
enum RequestDeadlineProbe {
    static func due(from received: CivilDate) -> CivilDate {
        RequestDeadline().decisionDue(receivedOn: received)
    }
}
