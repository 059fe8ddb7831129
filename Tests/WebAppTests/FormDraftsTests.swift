import FluentKit
import Forms
import Foundation
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// Save-and-resume by e-mail and e-mail confirmation for `verified_email` forms, with the links read
/// from the mail a real SMTP server received.
final class FormDraftsTests: XCTestCase {
    var test: TestApp!
    var sink: SMTPSink!

    override func setUp() async throws {
        try PythonPeer.require(modules: "aiosmtpd", missing: "aiosmtpd (pip install -r Tests/WebAppTests/python/requirements.txt)")
        test = try await makeTestApp()
        sink = try SMTPSink.start()
    }

    override func tearDown() async throws {
        sink?.stop()
    }

    /// Delivers the outbox and returns the path of the link in the newest mail.
    private func mailedLink() async throws -> String {
        _ = try await test.app.madoguchi.mailOutbox.deliverDue(via: SMTPTransport(host: "127.0.0.1", port: sink.port, heloName: "test"),
                                                               from: "no-reply@example.jp", on: test.app.db)
        let body = try XCTUnwrap(try sink.messages().last?["body"] as? String)
        let match = try XCTUnwrap(body.range(of: #"/132152/forms/resume/[A-Za-z0-9_-]+"#, options: .regularExpression))
        return String(body[match])
    }

    func testSaveMailsALinkThatResumesAtTheSameStepAndIsGoneAfterSubmitting() async throws {
        let resident = Browser(app: test.app)
        let first = try await resident.get("/132152/forms/move-out")
        var form = hiddenFields(first.body.string)
        form.merge(["go": "save", "v.move_date": CivilDate.today().adding(days: 9).description, "v.household_moving": "all",
                    "v.new_address": "東京都立川市泉町1156-9"]) { _, new in new }
        let ask = try await resident.post("/132152/forms/move-out", form: form)
        XCTAssertEqual(ask.status, .ok)
        XCTAssertTrue(ask.body.string.contains("途中保存"))
        var send = hiddenFields(ask.body.string)
        send["go"] = "save_send"
        send["save_email"] = "hanako@@example"
        let bad = try await resident.post("/132152/forms/move-out", form: send)
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.string.contains("「メールアドレス」の形式が正しくありません"))
        send["save_email"] = "hanako@example.jp"
        let sent = try await resident.post("/132152/forms/move-out", form: send)
        XCTAssertTrue(sent.body.string.contains("メールを送りました"), sent.body.string)

        let link = try await mailedLink()
        let later = Browser(app: test.app)   // another day, another device: only the link
        let resumed = try await later.get(link)
        XCTAssertEqual(resumed.status, .ok)
        XCTAssertTrue(resumed.body.string.contains(#"value="東京都立川市泉町1156-9""#), "the saved values are back")
        XCTAssertNotNil(hiddenFields(resumed.body.string)["draft_token"])

        var submit = hiddenFields(resumed.body.string)
        submit.merge(SubmissionDurabilityTests.values) { _, new in new }
        submit.merge(["go": "submit", "step": "2"]) { _, new in new }
        let done = try await later.post("/132152/forms/move-out", form: submit)
        XCTAssertEqual(done.status, .ok, done.body.string)
        XCTAssertTrue(done.body.string.contains("申請を受け付けました"))
        let reused = try await later.get(link)
        XCTAssertEqual(reused.status, .notFound, "the draft is gone once its application is submitted")
        XCTAssertTrue(reused.body.string.contains("このリンクは使えません"))
    }

    func testAnExpiredLinkSaysSoAndNothingIsLost() async throws {
        let form = try XCTUnwrap(try FormCatalog.load().form("move-out"))
        let drafts = test.app.madoguchi.formDrafts
        try await drafts.save(form, values: ["new_address": "東京都立川市"], step: 0, email: "hanako@example.jp", purpose: .resume,
                              municipalityID: test.kunitachi.requireID(),
                              links: .init(municipalityName: "国立市", baseURL: "http://127.0.0.1:8080/132152"),
                              now: Date().addingTimeInterval(-8 * 86_400), on: test.app.db)
        let link = try await mailedLink()
        let expired = try await Browser(app: test.app).get(link)
        XCTAssertEqual(expired.status, .gone)
        XCTAssertTrue(expired.body.string.contains("有効期限（7日間）が切れています"))
    }

    func testAVerifiedEmailFormNeedsTheConfirmedAddress() async throws {
        let resident = Browser(app: test.app)
        let start = try await resident.get("/132152/forms/funeral-expenses")
        XCTAssertTrue(start.body.string.contains("メールアドレスの確認"))
        XCTAssertFalse(start.body.string.contains("v.deceased_name"), "the form itself waits for the confirmation")

        // Submitting without confirming is refused, naming the e-mail field.
        let token = try await resident.csrfToken(from: "/132152/forms/move-out")
        let direct = try await resident.post("/132152/forms/funeral-expenses", form: ["_csrf": token, "go": "submit", "step": "2",
                                                                                      "idempotency_key": "funeral-direct-00000001",
                                                                                      "v.email": "hanako@example.jp"])
        XCTAssertEqual(direct.status, .unprocessableEntity)
        XCTAssertTrue(direct.body.string.contains("確認済みのメールアドレスが必要です"))

        var verify = hiddenFields(start.body.string)
        verify["go"] = "verify_send"
        verify["save_email"] = "hanako@example.jp"
        let sent = try await resident.post("/132152/forms/funeral-expenses", form: verify)
        XCTAssertTrue(sent.body.string.contains("確認のメールを送りました"), sent.body.string)
        let opened = try await resident.get(try await mailedLink())
        XCTAssertEqual(opened.status, .ok)
        var carried = hiddenFields(opened.body.string)
        XCTAssertEqual(carried["v.email"], "hanako@example.jp", "the confirmed address is filled in")
        carried.merge(["go": "submit", "step": "2"]) { _, new in new }

        carried["v.email"] = "someone-else@example.jp"
        let swapped = try await resident.post("/132152/forms/funeral-expenses", form: carried)
        XCTAssertEqual(swapped.status, .unprocessableEntity)
        XCTAssertTrue(swapped.body.string.contains("確認済みのメールアドレスが必要です"))

        carried["v.email"] = "hanako@example.jp"
        let incomplete = try await resident.post("/132152/forms/funeral-expenses", form: carried)
        XCTAssertEqual(incomplete.status, .unprocessableEntity)
        XCTAssertFalse(incomplete.body.string.contains("確認済みのメールアドレスが必要です"), "the address passed; other fields are missing")
        let count = try await FormApplication.query(on: test.app.db).count()
        XCTAssertEqual(count, 0)
    }

    func testTheNavigatorsEventDateFillsTheFormOnceOnly() async throws {
        // The checklist's button posts the date the resident gave; the verified-email form keeps it through confirmation.
        let resident = Browser(app: test.app)
        let start = try await resident.post("/132152/forms/funeral-expenses/prefill", form: ["event_date": "2026-11-20"])
        XCTAssertEqual(start.status, .ok)
        XCTAssertEqual(hiddenFields(start.body.string)["v.death_date"], "2026-11-20")
        var verify = hiddenFields(start.body.string)
        verify["go"] = "verify_send"
        verify["save_email"] = "hanako@example.jp"
        _ = try await resident.post("/132152/forms/funeral-expenses", form: verify)
        let opened = try await resident.get(try await mailedLink())
        XCTAssertTrue(opened.body.string.contains(#"value="2026-11-20""#), "the death date is already filled in")

        // From the assisted counter: the basic four items fill the fields that declare them.
        let assisted = try await Browser(app: test.app).post("/132152/forms/child-allowance-certification/prefill", form: [
            "event_date": "2026-11-20", "resident_name": "山田 花子", "resident_birth_date": "1990-04-01",
            "resident_address": "東京都国立市富士見台2-47-1"], csrf: false)
        let carried = hiddenFields(assisted.body.string)
        XCTAssertEqual(carried["v.name"], "山田 花子")
        XCTAssertEqual(carried["v.birth_date"], "1990-04-01")
        XCTAssertEqual(carried["v.address"], "東京都国立市富士見台2-47-1")
        XCTAssertEqual(carried["v.child_birth_date"], "2026-11-20")

        let moveOut = try await resident.post("/132152/forms/move-out/prefill", form: ["event_date": "not a date"])
        XCTAssertEqual(moveOut.status, .ok, "an unusable date is simply not filled in")
        XCTAssertFalse(moveOut.body.string.contains("not a date"))
    }
}
