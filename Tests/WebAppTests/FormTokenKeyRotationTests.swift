import Foundation
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// A form token (CSRF), and the browser proof a submission's re-issue allowance is bound to, are
/// HMACs under keys derived from the field-key ring: a form a resident opened before the field keys
/// changed still posts after the restart, and its submission may still re-issue its secret, while
/// the old key is in the ring; no longer once that key has left it. On the engine `DATABASE_URL` picks.
final class FormTokenKeyRotationTests: XCTestCase {
    let fields = ["kind": "correction", "name": "山田 花子", "address": ""]

    func testAFormOpenedBeforeAKeyChangeStillPostsWhileItsKeyIsInTheRing() async throws {
        let first = try await makeTestApp()
        let resident = Browser(app: first.app)
        let token = try await resident.csrfToken(from: "/132152/privacy/requests/new")

        let rotated = try await first.restarted(fieldKeys: TestApp.fieldKeys + ",*" + KeyRotationTests.newKey)
        addTeardownBlock { try await rotated.shutdown() }
        let after = Browser(app: rotated.app)
        after.cookies = resident.cookies
        let fresh = try await Browser(app: rotated.app).csrfToken(from: "/132152/privacy/requests/new")
        let renewed = try await after.csrfToken(from: "/132152/privacy/requests/new")
        XCTAssertNotEqual(renewed, token, "new pages are signed under the new key")
        let posted = try await after.post("/132152/privacy/requests", form: fields.merging(["_csrf": token]) { $1 })
        XCTAssertEqual(posted.status, .unprocessableEntity, "the old page's token passes; the empty address is the form's own problem")
        let crossed = try await after.post("/132152/privacy/requests", form: fields.merging(["_csrf": fresh]) { $1 })
        XCTAssertEqual(crossed.status, .forbidden, "still bound to its browser's cookie")

        let newOnly = try await rotated.restarted(fieldKeys: KeyRotationTests.newKey)
        addTeardownBlock { try await newOnly.shutdown() }
        let late = Browser(app: newOnly.app)
        late.cookies = resident.cookies
        let refused = try await late.post("/132152/privacy/requests", form: fields.merging(["_csrf": token]) { $1 })
        XCTAssertEqual(refused.status, .forbidden, "the old key has left the ring")
    }

    /// The 転出届 as its 確認画面 sends it (`go=submit`).
    func submission(_ page: String) -> [String: String] {
        var form = hiddenFields(page)
        form.merge(SubmissionDurabilityTests.values) { _, new in new }
        form.merge(["go": "submit", "step": "2"]) { _, new in new }
        return form
    }

    func testASubmissionFromBeforeAKeyChangeMayStillReissueItsSecretOnce() async throws {
        let first = try await makeTestApp()
        let resident = Browser(app: first.app)
        let form = submission(try await resident.get("/132152/forms/move-out").body.string)
        let other = submission(try await resident.get("/132152/forms/move-out").body.string)
        XCTAssertNotEqual(form["idempotency_key"], other["idempotency_key"])
        for sent in [form, other] {
            let submitted = try await resident.post("/132152/forms/move-out", form: sent)
            XCTAssertEqual(submitted.status, .ok, submitted.body.string)
            XCTAssertTrue(submitted.body.string.contains(#"id="receipt-secret""#))
        }

        // A new current key, the old one kept: the same browser's replay is still offered the re-issue, once.
        let rotated = try await first.restarted(fieldKeys: TestApp.fieldKeys + ",*" + KeyRotationTests.newKey)
        addTeardownBlock { try await rotated.shutdown() }
        let after = Browser(app: rotated.app)
        after.cookies = resident.cookies
        let replay = try await after.post("/132152/forms/move-out", form: form)
        XCTAssertEqual(replay.status, .ok, replay.body.string)
        XCTAssertTrue(replay.body.string.contains(#"action="/132152/forms/move-out/reissue""#), "the same browser is still offered the re-issue")
        let offer = ["_csrf": try XCTUnwrap(hiddenFields(replay.body.string)["_csrf"]), "idempotency_key": try XCTUnwrap(form["idempotency_key"])]
        let reissued = try await after.post("/132152/forms/move-out/reissue", form: offer)
        XCTAssertEqual(reissued.status, .ok, reissued.body.string)
        XCTAssertTrue(reissued.body.string.contains(#"id="receipt-secret""#), "a new secret")
        let again = try await after.post("/132152/forms/move-out/reissue", form: offer)
        XCTAssertEqual(again.status, .conflict, "once")

        // The old key leaves the ring: the other submission's allowance, made under it, ends.
        let newOnly = try await rotated.restarted(fieldKeys: KeyRotationTests.newKey)
        addTeardownBlock { try await newOnly.shutdown() }
        let late = Browser(app: newOnly.app)
        late.cookies = resident.cookies
        var resent = other
        resent["_csrf"] = try await late.csrfToken(from: "/132152/forms/move-out")
        let lateReplay = try await late.post("/132152/forms/move-out", form: resent)
        XCTAssertEqual(lateReplay.status, .ok, lateReplay.body.string)
        XCTAssertTrue(lateReplay.body.string.contains("二重送信にはなっていません"), "the receipt number is still answered")
        XCTAssertFalse(lateReplay.body.string.contains("/reissue"), "but no re-issue once the key has left")
    }
}
