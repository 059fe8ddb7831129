import Audit
import FluentKit
import Forms
import Foundation
import MadoguchiCore
import Mail
import SQLKit
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// Issue 12, item 4: a submission, its attachments, audit entry, receipt mail and the removal of the
/// draft it was resumed from commit in one transaction; a replayed submission shows the receipt
/// number and how to recover access — a new secret, once, only for the browser that submitted.
/// Through HTTP, on the suite's engine (SQLite, or PostgreSQL with `DATABASE_URL`).
final class SubmissionRecoveryTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    var sql: any SQLDatabase { test.app.db as! any SQLDatabase }

    func count(_ table: String) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    func audited(_ action: String) async throws -> Int {
        try await AuditEntry.query(on: test.app.db).filter(\.$action == action).count()
    }

    /// Keeps the mails instead of sending them.
    final class CapturedMail: MailTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var sent: [MailMessage] = []
        var messages: [MailMessage] { lock.withLock { sent } }
        func send(_ message: MailMessage, from: String) async throws { lock.withLock { sent.append(message) } }
    }

    /// The complete 転出届 from the 確認画面 of `page`, sent with `go=submit`.
    func submission(_ page: String) -> [String: String] {
        var form = hiddenFields(page)
        form.merge(SubmissionDurabilityTests.values) { _, new in new }
        form.merge(["go": "submit", "step": "2"]) { _, new in new }
        return form
    }

    func receiptNumber(_ html: String) -> String? {
        html.range(of: #"(?<=id="receipt-number">)[0-9]{8}-[A-Z0-9]{6}"#, options: .regularExpression).map { String(html[$0]) }
    }

    func secret(_ html: String) -> String? {
        html.range(of: #"(?<=id="receipt-secret">)[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(html[$0]) }
    }

    /// A resumed draft whose removal fails (a trigger refuses to delete it): the submission fails as
    /// a whole — no application, no audit entry, no receipt mail, the draft still there — and the
    /// resident's retry with the same idempotency key files it once, with its secret.
    func testAFailureAfterTheApplicationInsertCommitsNothing() async throws {
        let resident = Browser(app: test.app)
        let first = try await resident.get("/132152/forms/move-out")
        var save = hiddenFields(first.body.string)
        save.merge(["go": "save_send", "save_email": "hanako@example.jp", "v.new_address": "東京都立川市泉町1156-9"]) { _, new in new }
        let sent = try await resident.post("/132152/forms/move-out", form: save)
        XCTAssertTrue(sent.body.string.contains("メールを送りました"), sent.body.string)
        let mail = CapturedMail()
        _ = try await test.app.madoguchi.mailOutbox.deliverDue(via: mail, from: "no-reply@example.jp", on: test.app.db)
        let body = try XCTUnwrap(mail.messages.last?.body)
        let link = String(body[try XCTUnwrap(body.range(of: #"/132152/forms/resume/[A-Za-z0-9_-]+"#, options: .regularExpression))])
        let resumed = try await resident.get(link)
        XCTAssertEqual(resumed.status, .ok)
        XCTAssertNotNil(hiddenFields(resumed.body.string)["draft_token"])
        let outboxBefore = try await count("mail_outbox")
        let v1 = try await count("form_drafts")
        XCTAssertEqual(v1, 1)

        try await installFailingDraftDelete()
        let failed = try await resident.post("/132152/forms/move-out", form: submission(resumed.body.string))
        XCTAssertEqual(failed.status, .internalServerError)
        XCTAssertNil(receiptNumber(failed.body.string))
        let v2 = try await count("form_applications")
        XCTAssertEqual(v2, 0, "the application was rolled back")
        let v3 = try await count("form_drafts")
        XCTAssertEqual(v3, 1, "the draft is still there")
        let v4 = try await count("mail_outbox")
        XCTAssertEqual(v4, outboxBefore, "no receipt mail was queued")
        let v5 = try await audited("forms.application.submit")
        XCTAssertEqual(v5, 0, "no audit entry")

        try await removeFailingDraftDelete()
        let retried = try await resident.post("/132152/forms/move-out", form: submission(resumed.body.string))
        XCTAssertEqual(retried.status, .ok, retried.body.string)
        XCTAssertNotNil(receiptNumber(retried.body.string))
        XCTAssertNotNil(secret(retried.body.string), "the retry is the first submission: its secret is shown")
        let v6 = try await count("form_applications")
        XCTAssertEqual(v6, 1)
        let v7 = try await count("form_drafts")
        XCTAssertEqual(v7, 0, "the draft went with the submission")
        let v8 = try await count("mail_outbox")
        XCTAssertEqual(v8, outboxBefore + 1)
        let v9 = try await audited("forms.application.submit")
        XCTAssertEqual(v9, 1)
    }

    /// The submitting browser's replay shows the receipt number and offers a new secret; the new secret
    /// opens the status page, the old one no longer does, and a second re-issue gets nothing.
    func testAReplayFromTheSubmittingBrowserReissuesTheSecretOnce() async throws {
        let resident = Browser(app: test.app)
        let first = try await resident.get("/132152/forms/move-out")
        let submitted = try await resident.post("/132152/forms/move-out", form: submission(first.body.string))
        XCTAssertEqual(submitted.status, .ok, submitted.body.string)
        let number = try XCTUnwrap(receiptNumber(submitted.body.string))
        let oldSecret = try XCTUnwrap(secret(submitted.body.string))
        XCTAssertFalse(submitted.body.string.contains("/reissue"), "a first receipt offers no re-issue")

        let replay = try await resident.post("/132152/forms/move-out", form: submission(first.body.string))
        XCTAssertEqual(replay.status, .ok)
        XCTAssertEqual(receiptNumber(replay.body.string), number)
        XCTAssertNil(secret(replay.body.string), "the first secret is never shown again")
        XCTAssertTrue(replay.body.string.contains("二重送信にはなっていません"))
        XCTAssertTrue(replay.body.string.contains("一度だけ、新しい確認用の番号を発行できます"))
        XCTAssertTrue(replay.body.string.contains(#"action="/132152/forms/move-out/reissue""#))
        let stillOld = try await resident.post("/132152/forms/status", form: ["receipt_number": number, "secret": oldSecret])
        XCTAssertEqual(stillOld.status, .ok, "a replay alone changes nothing")

        let offer = hiddenFields(replay.body.string)
        let reissued = try await resident.post("/132152/forms/move-out/reissue",
                                               form: ["_csrf": try XCTUnwrap(offer["_csrf"]), "idempotency_key": try XCTUnwrap(offer["idempotency_key"])])
        XCTAssertEqual(reissued.status, .ok, reissued.body.string)
        XCTAssertEqual(receiptNumber(reissued.body.string), number)
        let newSecret = try XCTUnwrap(secret(reissued.body.string))
        XCTAssertNotEqual(newSecret, oldSecret)
        XCTAssertTrue(reissued.body.string.contains("前の確認用の番号は使えなくなりました"))
        let v10 = try await audited("forms.application.secret_reissue")
        XCTAssertEqual(v10, 1)

        // The page's status button carries the new numbers and works; the old secret does not.
        let statusForm = hiddenFields(reissued.body.string)
        XCTAssertEqual(statusForm["secret"], newSecret)
        let status = try await resident.post("/132152/forms/status", form: statusForm)
        XCTAssertEqual(status.status, .ok)
        XCTAssertTrue(status.body.string.contains(#"id="application-status">\#(number)"#))
        let old = try await resident.post("/132152/forms/status", form: ["receipt_number": number, "secret": oldSecret])
        XCTAssertEqual(old.status, .unprocessableEntity, "the old secret was invalidated")

        // Exactly once: a second re-issue and a later replay offer nothing more.
        let again = try await resident.post("/132152/forms/move-out/reissue", form: ["idempotency_key": try XCTUnwrap(offer["idempotency_key"])])
        XCTAssertEqual(again.status, .conflict)
        XCTAssertNil(secret(again.body.string))
        XCTAssertNil(receiptNumber(again.body.string))
        XCTAssertTrue(again.body.string.contains("受付番号を控えて市役所の担当窓口へお問い合わせください"))
        let later = try await resident.post("/132152/forms/move-out", form: submission(first.body.string))
        XCTAssertEqual(receiptNumber(later.body.string), number)
        XCTAssertNil(secret(later.body.string))
        XCTAssertFalse(later.body.string.contains("/reissue"))
        XCTAssertTrue(later.body.string.contains("受付番号を控えて市役所の担当窓口へお問い合わせください"))
        let newStillWorks = try await resident.post("/132152/forms/status", form: ["receipt_number": number, "secret": newSecret])
        XCTAssertEqual(newStillWorks.status, .ok)
        let v11 = try await count("form_applications")
        XCTAssertEqual(v11, 1)
        let v12 = try await audited("forms.application.secret_reissue")
        XCTAssertEqual(v12, 1)
    }

    /// Another browser (other cookies) replaying the same idempotency key sees the receipt number and
    /// how to get help at the counter (in English in the English UI), never a secret nor a re-issue.
    func testAReplayFromAnotherBrowserShowsTheReceiptNumberOnly() async throws {
        let resident = Browser(app: test.app)
        let first = try await resident.get("/132152/forms/move-out")
        let submitted = try await resident.post("/132152/forms/move-out", form: submission(first.body.string))
        let number = try XCTUnwrap(receiptNumber(submitted.body.string))
        let oldSecret = try XCTUnwrap(secret(submitted.body.string))

        let other = Browser(app: test.app)
        _ = try await other.get("/132152/?lang=en")
        var theirs = submission(first.body.string)
        theirs["_csrf"] = nil   // the other browser sends its own token
        let replay = try await other.post("/132152/forms/move-out", form: theirs)
        XCTAssertEqual(replay.status, .ok, replay.body.string)
        XCTAssertEqual(receiptNumber(replay.body.string), number)
        XCTAssertNil(secret(replay.body.string))
        XCTAssertFalse(replay.body.string.contains("/reissue"), "no re-issue for another browser")
        XCTAssertTrue(replay.body.string.contains("contact the city office&#39;s counter with your receipt number")
                      || replay.body.string.contains("contact the city office's counter with your receipt number"), replay.body.string)

        let key = try XCTUnwrap(hiddenFields(first.body.string)["idempotency_key"])
        let reissue = try await other.post("/132152/forms/move-out/reissue", form: ["idempotency_key": key])
        XCTAssertEqual(reissue.status, .conflict)
        XCTAssertNil(secret(reissue.body.string))
        XCTAssertNil(receiptNumber(reissue.body.string), "a refused re-issue reveals nothing")
        let v13 = try await audited("forms.application.secret_reissue")
        XCTAssertEqual(v13, 0)
        let status = try await resident.post("/132152/forms/status", form: ["receipt_number": number, "secret": oldSecret])
        XCTAssertEqual(status.status, .ok, "the first secret still works")
    }

    // MARK: - The injected failure

    private func installFailingDraftDelete() async throws {
        if sql.dialect.name == "sqlite" {
            try await sql.raw("CREATE TRIGGER test_fail_draft_delete BEFORE DELETE ON form_drafts BEGIN SELECT RAISE(ABORT, 'injected failure'); END").run()
        } else {
            try await sql.raw("CREATE OR REPLACE FUNCTION test_fail_draft_delete() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql").run()
            try await sql.raw("CREATE TRIGGER test_fail_draft_delete BEFORE DELETE ON form_drafts FOR EACH ROW EXECUTE FUNCTION test_fail_draft_delete()").run()
        }
    }

    private func removeFailingDraftDelete() async throws {
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER test_fail_draft_delete").run()
        } else {
            try await sql.raw("DROP TRIGGER test_fail_draft_delete ON form_drafts").run()
            try await sql.raw("DROP FUNCTION test_fail_draft_delete()").run()
        }
    }
}
