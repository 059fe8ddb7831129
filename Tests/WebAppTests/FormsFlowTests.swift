import FluentKit
import Forms
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MadoguchiCore
import MadoguchiTestSupport
import SQLKit
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// The resident's online application over HTTP: steps, problems on the same step, the 確認画面,
/// an idempotent submission with a receipt, and the status page.
final class FormsFlowTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    private func post(_ browser: Browser, _ page: String, _ extra: [String: String]) async throws -> XCTHTTPResponse {
        var form = hiddenFields(page)
        form.merge(extra) { _, new in new }
        return try await browser.post("/132152/forms/move-out", form: form)
    }

    func testMoveOutApplicationFromFirstStepToStatus() async throws {
        let browser = Browser(app: test.app)
        let index = try await browser.get("/132152/forms")
        XCTAssertTrue(index.body.string.contains("児童手当 認定請求"))
        let first = try await browser.get("/132152/forms/move-out")
        XCTAssertEqual(first.status, .ok)
        XCTAssertNotNil(hiddenFields(first.body.string)["idempotency_key"])

        let moveDate = CivilDate.today().adding(days: 10).description
        let missing = try await post(browser, first.body.string, ["go": "next", "v.move_date": moveDate, "v.household_moving": "some"])
        XCTAssertEqual(missing.status, .unprocessableEntity)
        XCTAssertTrue(missing.body.string.contains("「転出先の住所」を入力してください"))
        XCTAssertTrue(missing.body.string.contains("「転出する方の氏名（全員）」を入力してください"), "shown by its condition")

        let second = try await post(browser, first.body.string, ["go": "next", "v.move_date": moveDate, "v.household_moving": "all",
                                                                 "v.new_address": "東京都立川市泉町1156-9"])
        XCTAssertEqual(second.status, .ok, second.body.string)
        XCTAssertEqual(hiddenFields(second.body.string)["step"], "1")
        let bad = try await post(browser, second.body.string, ["go": "next", "v.name": "山田 花子", "v.name_kana": "山田",
                                                               "v.birth_date": "昭和30年1月2日", "v.postal_code": "12", "v.address": "国立市",
                                                               "v.phone": "042-576-2111", "v.email": "hanako@example.jp", "v.agree": "on"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.string.contains("「フリガナ」はカタカナ"))
        XCTAssertTrue(bad.body.string.contains("「郵便番号」は7桁"))
        XCTAssertTrue(bad.body.string.contains(#"value="山田 花子""#), "typed values are kept")

        let confirm = try await post(browser, second.body.string, ["go": "next", "v.name": "山田 花子", "v.name_kana": "やまだ はなこ",
                                                                   "v.birth_date": "昭和30年1月2日", "v.postal_code": "１８６８５０１",
                                                                   "v.address": "東京都国立市富士見台2-47-1", "v.phone": "042-576-2111",
                                                                   "v.email": "hanako@example.jp", "v.agree": "on"])
        XCTAssertEqual(confirm.status, .ok)
        XCTAssertTrue(confirm.body.string.contains("入力内容の確認"))
        XCTAssertTrue(confirm.body.string.contains("186-8501"), "normalised values are shown")
        XCTAssertTrue(confirm.body.string.contains("1955-01-02"))
        let sql = test.app.db as! any SQLDatabase
        var stored = try await sql.raw("SELECT COUNT(*) AS n FROM form_applications").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(stored, 0, "nothing is stored before submission")

        let submitted = try await post(browser, confirm.body.string, ["go": "submit"])
        XCTAssertEqual(submitted.status, .ok, submitted.body.string)
        let receipt = try XCTUnwrap(submitted.body.string.range(of: #"(?<=id="receipt-number">)[0-9]{8}-[A-Z0-9]{6}"#, options: .regularExpression))
        let number = String(submitted.body.string[receipt])
        let secretRange = try XCTUnwrap(submitted.body.string.range(of: #"(?<=id="receipt-secret">)[A-Za-z0-9_-]+"#, options: .regularExpression))
        let secret = String(submitted.body.string[secretRange])

        let again = try await post(browser, confirm.body.string, ["go": "submit"])
        XCTAssertTrue(again.body.string.contains(number), "a double submit shows the same receipt")
        XCTAssertTrue(again.body.string.contains("二重送信にはなっていません"))
        stored = try await sql.raw("SELECT COUNT(*) AS n FROM form_applications").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(stored, 1)

        let status = try await browser.post("/132152/forms/status", form: ["receipt_number": number, "secret": secret])
        XCTAssertEqual(status.status, .ok)
        XCTAssertTrue(status.body.string.contains("受付"))
        let wrong = try await browser.post("/132152/forms/status", form: ["receipt_number": number, "secret": "guess"])
        XCTAssertEqual(wrong.status, .unprocessableEntity)
    }
}

extension FormsFlowTests {
    /// The back office: inbox, an audited view, status changes with required comments, CSV export.
    func testStaffReviewApplicationsAndEveryViewIsAudited() async throws {
        let form = try XCTUnwrap(try FormCatalog.load().form("move-out"))
        let values = MoveOutApplication.values(moveDate: CivilDate.today().adding(days: 5))
        let receipt = try await test.app.madoguchi.formSubmissions.submit(form, values: values, idempotencyKey: "key-review-000000001",
                                                                          municipalityID: test.kunitachi.requireID(), today: .today(),
                                                                          actor: .resident, origin: .none, on: test.app.db)
        try await test.place("department_staff", inDepartment: "shimin")  // need-to-know: 転出届 is 市民課's
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let inbox = try await staff.get("/132152/staff/applications")
        XCTAssertTrue(inbox.body.string.contains(receipt.receiptNumber))
        XCTAssertFalse(inbox.body.string.contains("山田"), "the inbox decrypts nothing")
        let link = try XCTUnwrap(inbox.body.string.range(of: #"/132152/staff/applications/[0-9a-f-]{36}"#, options: .regularExpression))
        let path = String(inbox.body.string[link])
        let detail = try await staff.get(path)
        XCTAssertTrue(detail.body.string.contains("山田 花子"))
        let token = try await staff.csrfToken(from: path)
        let skip = try await staff.post(path + "/status", form: ["_csrf": token, "status": "completed"])
        XCTAssertEqual(skip.status, .unprocessableEntity, "受付 cannot jump to 完了")
        _ = try await staff.post(path + "/status", form: ["_csrf": token, "status": "reviewing"])
        let noComment = try await staff.post(path + "/status", form: ["_csrf": token, "status": "correction_requested", "comment": ""])
        XCTAssertTrue(noComment.body.string.contains("「コメント」"))
        let corrected = try await staff.post(path + "/status", form: ["_csrf": token, "status": "correction_requested", "comment": "転出先の番地を確認してください"])
        XCTAssertEqual(corrected.status, .seeOther)
        let after = try await staff.get(path)
        XCTAssertTrue(after.body.string.contains("転出先の番地を確認してください"))
        // Inboxes per desk: a 転出届 belongs to 市民課, not to 高齢者支援課; assignment is audited and filterable.
        let shimin = try await staff.get("/132152/staff/applications?desk=shimin")
        XCTAssertTrue(shimin.body.string.contains(receipt.receiptNumber))
        let koreisha = try await staff.get("/132152/staff/applications?desk=koreisha")
        XCTAssertFalse(koreisha.body.string.contains(receipt.receiptNumber))
        let mineBefore = try await staff.get("/132152/staff/applications?desk=all&assigned=me")
        XCTAssertFalse(mineBefore.body.string.contains(receipt.receiptNumber))
        let assigned = try await staff.post(path + "/assign", form: ["_csrf": token])
        XCTAssertEqual(assigned.status, .seeOther)
        let mine = try await staff.get("/132152/staff/applications?desk=all&assigned=me")
        XCTAssertTrue(mine.body.string.contains(receipt.receiptNumber))
        let csv = try await staff.get("/132152/staff/applications.csv")
        XCTAssertTrue(csv.body.string.contains(receipt.receiptNumber))
        XCTAssertTrue(csv.body.string.contains("補正依頼"))
        let sql = test.app.db as! any SQLDatabase
        let actions = try await sql.raw("SELECT action FROM audit_entries").all().map { try $0.decode(column: "action", as: String.self) }
        XCTAssertGreaterThanOrEqual(actions.filter { $0 == "forms.application.view" }.count, 3)
        XCTAssertTrue(actions.contains("forms.application.export"))
        XCTAssertTrue(actions.contains("forms.application.assign"))
        XCTAssertEqual(actions.filter { $0 == "forms.application.status" }.count, 2)
    }

    func testACorrectionRequestReopensTheFormForTheResident() async throws {
        let form = try XCTUnwrap(try FormCatalog.load().form("move-out"))
        let values = MoveOutApplication.values(moveDate: CivilDate.today().adding(days: 5), ["new_address": "東京都立川市泉町"])
        let receipt = try await test.app.madoguchi.formSubmissions.submit(form, values: values, idempotencyKey: "key-correct-00000001",
                                                                          municipalityID: test.kunitachi.requireID(), today: .today(),
                                                                          actor: .resident, origin: .none, on: test.app.db)
        let secret = try XCTUnwrap(receipt.secret)
        let application = try await FormApplication.query(on: test.app.db).filter(\.$receiptNumber == receipt.receiptNumber).first()
        let review = test.app.madoguchi.applicationReview
        try await review.changeStatus(try XCTUnwrap(application), to: .reviewing, comment: "", by: .system, origin: .none, on: test.app.db)

        let resident = Browser(app: test.app)
        let statusToken = try await resident.csrfToken(from: "/132152/forms/status")
        let reviewing = try await resident.post("/132152/forms/status", form: ["_csrf": statusToken, "receipt_number": receipt.receiptNumber, "secret": secret])
        XCTAssertTrue(reviewing.body.string.contains("審査中"))
        XCTAssertFalse(reviewing.body.string.contains("/forms/move-out/correct"), "nothing to correct yet")
        let early = try await resident.post("/132152/forms/move-out/correct", form: ["_csrf": statusToken, "receipt_number": receipt.receiptNumber, "secret": secret])
        XCTAssertEqual(early.status, .conflict)

        try await review.changeStatus(try XCTUnwrap(application), to: .correctionRequested, comment: "転出先の番地まで入力してください",
                                      by: .system, origin: .none, on: test.app.db)
        let status = try await resident.post("/132152/forms/status", form: ["_csrf": statusToken, "receipt_number": receipt.receiptNumber, "secret": secret])
        XCTAssertTrue(status.body.string.contains("転出先の番地まで入力してください"))
        XCTAssertTrue(status.body.string.contains(#"action="/132152/forms/move-out/correct""#))
        let wrong = try await resident.post("/132152/forms/move-out/correct", form: ["_csrf": statusToken, "receipt_number": receipt.receiptNumber, "secret": "guess"])
        XCTAssertEqual(wrong.status, .unprocessableEntity)

        let reopened = try await resident.post("/132152/forms/move-out/correct", form: ["_csrf": statusToken, "receipt_number": receipt.receiptNumber, "secret": secret])
        XCTAssertEqual(reopened.status, .ok)
        XCTAssertTrue(reopened.body.string.contains(#"value="東京都立川市泉町""#), "the submitted values are back in the form")
        XCTAssertEqual(hiddenFields(reopened.body.string)["correction_receipt"], receipt.receiptNumber)
        // The browser sends the step's fields as shown, with the one the resident fixed.
        let second = try await post(resident, reopened.body.string, ["go": "next", "v.move_date": values["move_date"]!, "v.household_moving": "all",
                                                                     "v.new_address": "東京都立川市泉町1156-9"])
        XCTAssertEqual(second.status, .ok, second.body.string)
        let confirm = try await post(resident, second.body.string, ["go": "next", "v.name": "山田 花子", "v.name_kana": "ヤマダ ハナコ",
                                                                    "v.birth_date": "1955-01-02", "v.postal_code": "186-8501",
                                                                    "v.address": "東京都国立市富士見台2-47-1", "v.phone": "0425762111",
                                                                    "v.email": "hanako@example.jp", "v.agree": "yes"])
        XCTAssertTrue(confirm.body.string.contains("東京都立川市泉町1156-9"))
        let done = try await post(resident, confirm.body.string, ["go": "submit"])
        XCTAssertEqual(done.status, .ok, done.body.string)
        XCTAssertTrue(done.body.string.contains("補正を受け付けました"))
        let again = try await post(resident, confirm.body.string, ["go": "submit"])
        XCTAssertEqual(again.status, .conflict, "a double submit of the correction changes nothing twice")

        let count = try await FormApplication.query(on: test.app.db).count()
        XCTAssertEqual(count, 1, "a correction files no new application")
        let stored = try await FormApplication.query(on: test.app.db).first()
        XCTAssertEqual(stored?.status, "reviewing")
        XCTAssertEqual(try test.app.madoguchi.formSubmissions.values(of: try XCTUnwrap(stored))["new_address"], "東京都立川市泉町1156-9")
        let history = try await review.history(of: try XCTUnwrap(stored), on: test.app.db)
        XCTAssertEqual(history.filter(\.byApplicant).count, 1)
        let sql = test.app.db as! any SQLDatabase
        let actions = try await sql.raw("SELECT action FROM audit_entries").all().map { try $0.decode(column: "action", as: String.self) }
        XCTAssertEqual(actions.filter { $0 == "forms.application.correct" }.count, 1)
    }

    func testAttachmentsAreCheckedByContentStoredEncryptedAndOpenedByStaffWithAnAuditEntry() async throws {
        let resident = Browser(app: test.app)
        let first = try await resident.get("/132152/forms/disaster-victim-certificate")
        XCTAssertTrue(first.body.string.contains(#"enctype="multipart/form-data""#))
        var form = hiddenFields(first.body.string)
        form.merge(["go": "next", "v.disaster_date": CivilDate.today().adding(days: -3).description,
                    "v.property_address": "東京都国立市富士見台2-47-1", "v.damage_kind": "flood"]) { _, new in new }

        let missing = try await resident.postMultipart("/132152/forms/disaster-victim-certificate", form: form, files: [])
        XCTAssertEqual(missing.status, .unprocessableEntity)
        XCTAssertTrue(missing.body.string.contains("を添付してください"))
        let disguised = Data("<html><script>alert(1)</script></html>".utf8)
        let refused = try await resident.postMultipart("/132152/forms/disaster-victim-certificate", form: form,
                                                       files: [("f.photos", "photo.jpg", disguised)])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.string.contains("ファイルの中身が対応形式ではありません"), "a renamed HTML page is refused by its content")

        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0x42, count: 2048)
        let overLimit = try await resident.postMultipart("/132152/forms/disaster-victim-certificate", form: form,
                                                         files: [("f.photos", "big.png", png + Data(repeating: 0, count: 10 * 1024 * 1024))])
        XCTAssertEqual(overLimit.status, .unprocessableEntity)
        XCTAssertTrue(overLimit.body.string.contains("ファイルが大きすぎます（上限 10 MB）"))
        // Over a real socket, a body beyond the step's 21 MiB limit is refused before anything is read into a form.
        let port = try await test.startServer()
        var huge = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/132152/forms/disaster-victim-certificate")!)
        huge.httpMethod = "POST"
        huge.setValue("multipart/form-data; boundary=x", forHTTPHeaderField: "Content-Type")
        huge.httpBody = Data(count: FormsController.maxStepBytes + 1024)
        let (_, hugeResponse) = try await URLSession.shared.data(for: huge)
        XCTAssertEqual((hugeResponse as? HTTPURLResponse)?.statusCode, 413)
        await test.app.server.shutdown()
        let second = try await resident.postMultipart("/132152/forms/disaster-victim-certificate", form: form,
                                                      files: [("f.photos", "../../etc/浸水の写真.png", png)])
        XCTAssertEqual(second.status, .ok, second.body.string)
        let reference = try XCTUnwrap(hiddenFields(second.body.string)["v.photos"])
        XCTAssertTrue(reference.hasPrefix("att:"))
        let sql = test.app.db as! any SQLDatabase
        let stored = try await sql.raw("SELECT content FROM form_attachments").all().map { try $0.decode(column: "content", as: String.self) }
        XCTAssertEqual(stored.count, 1)
        XCTAssertFalse(stored[0].contains("浸水"), "the name and bytes are encrypted at rest")

        var applicant = hiddenFields(second.body.string)
        applicant.merge(["go": "next", "v.name": "山田 花子", "v.name_kana": "ヤマダ ハナコ", "v.birth_date": "1955-01-02",
                         "v.postal_code": "1868501", "v.address": "東京都国立市富士見台2-47-1", "v.phone": "0425762111",
                         "v.email": "hanako@example.jp", "v.owner_or_tenant": "owner"]) { _, new in new }
        let confirm = try await resident.post("/132152/forms/disaster-victim-certificate", form: applicant)
        XCTAssertTrue(confirm.body.string.contains("添付あり"))
        var forged = hiddenFields(confirm.body.string)
        forged["go"] = "submit"
        forged["v.photos"] = "att:\(UUID().uuidString.lowercased()).forged"
        let refusedForgery = try await resident.post("/132152/forms/disaster-victim-certificate", form: forged)
        XCTAssertEqual(refusedForgery.status, .unprocessableEntity, "a forged reference binds nothing")
        var submit = hiddenFields(confirm.body.string)
        submit["go"] = "submit"
        let done = try await resident.post("/132152/forms/disaster-victim-certificate", form: submit)
        XCTAssertTrue(done.body.string.contains("申請を受け付けました"), done.body.string)

        try await test.place("department_staff", inDepartment: "bosai")  // need-to-know: 罹災証明書 is 防災安全課's
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let inbox = try await staff.get("/132152/staff/applications?desk=all")
        let link = try XCTUnwrap(inbox.body.string.range(of: #"/132152/staff/applications/[0-9a-f-]{36}"#, options: .regularExpression))
        let detail = try await staff.get(String(inbox.body.string[link]))
        XCTAssertTrue(detail.body.string.contains("浸水の写真.png"), "staff see the name, without the path")
        XCTAssertFalse(detail.body.string.contains("../"))
        let fileLink = try XCTUnwrap(detail.body.string.range(of: #"/132152/staff/applications/[0-9a-f-]{36}/attachments/[0-9a-f-]{36}"#, options: .regularExpression))
        let file = try await staff.get(String(detail.body.string[fileLink]))
        XCTAssertEqual(file.status, .ok)
        XCTAssertEqual(Data(file.body.readableBytesView), png)
        XCTAssertEqual(file.headers.contentType?.description, "image/png")
        XCTAssertTrue(file.headers.first(name: .contentDisposition)?.contains("attachment") ?? false)
        let actions = try await sql.raw("SELECT action FROM audit_entries").all().map { try $0.decode(column: "action", as: String.self) }
        XCTAssertTrue(actions.contains("forms.attachment.view"))
    }

    func testScriptTypedIntoAFieldIsEscapedOnEveryPage() async throws {
        let form = try XCTUnwrap(try FormCatalog.load().form("move-out"))
        let script = "<script>alert(1)</script>"
        let values = MoveOutApplication.values(moveDate: CivilDate.today().adding(days: 5), ["new_address": "東京都立川市 " + script])
        let resident = Browser(app: test.app)
        let first = try await resident.get("/132152/forms/move-out")
        var posted = hiddenFields(first.body.string)
        for (k, v) in values { posted["v." + k] = v }
        posted["go"] = "next"
        posted["step"] = "1"
        let confirm = try await resident.post("/132152/forms/move-out", form: posted)
        XCTAssertTrue(confirm.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text on the 確認画面")
        // Inside a quoted attribute (the hidden fields) `<` is inert; everywhere else it must be escaped.
        let outsideAttributes = confirm.body.string.replacingOccurrences(of: #"="[^"]*""#, with: "", options: .regularExpression)
        XCTAssertFalse(outsideAttributes.contains(script))

        _ = try await test.app.madoguchi.formSubmissions.submit(form, values: values, idempotencyKey: "key-script-000000001",
                                                                municipalityID: test.kunitachi.requireID(), today: .today(),
                                                                actor: .resident, origin: .none, on: test.app.db)
        try await test.place("department_staff", inDepartment: "shimin")  // need-to-know: 転出届 is 市民課's
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let inbox = try await staff.get("/132152/staff/applications?desk=all")
        let link = try XCTUnwrap(inbox.body.string.range(of: #"/132152/staff/applications/[0-9a-f-]{36}"#, options: .regularExpression))
        let detail = try await staff.get(String(inbox.body.string[link]))
        XCTAssertTrue(detail.body.string.contains("&lt;script&gt;"))
        XCTAssertFalse(detail.body.string.replacingOccurrences(of: #"="[^"]*""#, with: "", options: .regularExpression).contains(script),
                       "escaped in the back office too")
    }
}
