import FluentKit
import Privacy
import Foundation
import MadoguchiCore
import SQLKit
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// Assisted counter mode (書かない窓口) over HTTP: basic four items entered once, encrypted at rest,
/// every opening audited, pre-filled forms and the 受付案内票, deletion by the retention job.
final class StaffCounterTests: XCTestCase {
    var test: TestApp!
    var browser: Browser!

    override func setUp() async throws {
        test = try await makeTestApp()
        browser = Browser(app: test.app)
        let signIn = try await browser.signIn("counter_staff", password: test.password)
        XCTAssertEqual(signIn.status, .seeOther)
    }


    private var sql: any SQLDatabase { test.app.db as! any SQLDatabase }

    private func startSession(name: String = "山田 花子", eventDate: CivilDate = CivilDate.today().adding(days: -2)) async throws -> String {
        let token = try await browser.csrfToken(from: "/132152/staff/counter")
        let response = try await browser.post("/132152/staff/counter", form: [
            "_csrf": token, "event": "death", "event_date": eventDate.description, "name": name,
            "address": "東京都国立市富士見台2-47-1", "birth_date": "昭和30年1月2日", "sex": "女",
        ])
        XCTAssertEqual(response.status, .seeOther, response.body.string)
        return try XCTUnwrap(response.headers.first(name: .location))
    }

    private func auditActions() async throws -> [String] {
        try await sql.raw("SELECT action FROM audit_entries ORDER BY seq").all().map { try $0.decode(column: "action", as: String.self) }
    }

    func testBadInputNamesTheFieldsAndSavesNothing() async throws {
        let token = try await browser.csrfToken(from: "/132152/staff/counter")
        let response = try await browser.post("/132152/staff/counter", form: [
            "_csrf": token, "event": "death", "event_date": "2999-01-01", "name": "", "address": "国立市", "birth_date": "いつか", "sex": "",
        ])
        XCTAssertEqual(response.status, .unprocessableEntity)
        let page = response.body.string
        XCTAssertTrue(page.contains("「生年月日」"), page)
        XCTAssertTrue(page.contains("「性別」を選んでください"))
        XCTAssertTrue(page.contains(#"value="国立市""#), "typed values are kept")
        let future = try await browser.post("/132152/staff/counter", form: [
            "_csrf": token, "event": "death", "event_date": "2999-01-01", "name": "", "address": "国立市", "birth_date": "1950-01-01", "sex": "女",
        ])
        XCTAssertEqual(future.status, .unprocessableEntity)
        XCTAssertTrue(future.body.string.contains("「氏名」を入力してください"))
        XCTAssertTrue(future.body.string.contains("未来の日付"))
        let count = try await sql.raw("SELECT COUNT(*) AS n FROM counter_sessions").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(count, 0)
    }

    func testSessionIsEncryptedAuditedAndPrintsPrefilledFormsAndSlip() async throws {
        let location = try await startSession()
        XCTAssertTrue(location.hasPrefix("/132152/staff/counter/"))
        XCTAssertFalse(location.contains("山田"), "no personal data in URLs")

        // At rest: neither the name nor the address is readable in the table.
        let row = try await sql.raw("SELECT content, reference FROM counter_sessions").first()
        let stored = try XCTUnwrap(row?.decode(column: "content", as: String.self))
        XCTAssertTrue(stored.hasPrefix("v1.test1."))
        XCTAssertFalse(stored.contains("山田"))
        XCTAssertFalse(stored.contains("富士見台"))

        let page = try await browser.get(location)
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.string.contains("山田 花子"))
        XCTAssertTrue(page.body.string.contains("昭和30年1月2日"))

        // Answer at the counter; then the checklist, the forms and the slip follow the answers.
        let token = try await browser.csrfToken(from: location)
        let bad = try await browser.post(location + "/answers", form: ["_csrf": token, "fact.deceased_birth_date": "2999-01-01"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.string.contains("未来の日付"))
        let saved = try await browser.post(location + "/answers", form: [
            "_csrf": token, "fact.deceased_birth_date": "1940-05-01", "fact.deceased_was_householder": "yes",
            "fact.deceased_received_pension": "no", "fact.deceased_had_seal_registration": "yes", "fact.funeral_held": "yes",
        ])
        XCTAssertEqual(saved.status, .seeOther, saved.body.string)
        let after = try await browser.get(location)
        XCTAssertTrue(after.body.string.contains("household_members_15_plus_remaining"), "the follow-up question now shows")
        XCTAssertTrue(after.body.string.contains("後期高齢者医療"))

        let forms = try await browser.get(location + "/forms")
        XCTAssertEqual(forms.status, .ok)
        XCTAssertTrue(forms.body.string.contains("山田 花子"))
        XCTAssertTrue(forms.body.string.contains("paper-form"))
        let slip = try await browser.get(location + "/slip")
        XCTAssertEqual(slip.status, .ok)
        XCTAssertTrue(slip.body.string.contains("受付案内票"))

        // Under 75 the national health insurance pays the 葬祭費, which has an online form: it can be
        // started from here with the basic four items carried over (in the body, not the URL).
        _ = try await browser.post(location + "/answers", form: [
            "_csrf": token, "fact.deceased_birth_date": "1960-05-01", "fact.deceased_was_householder": "yes",
            "fact.deceased_received_pension": "no", "fact.deceased_had_seal_registration": "yes", "fact.funeral_held": "yes",
        ])
        let younger = try await browser.get(location)
        XCTAssertTrue(younger.body.string.contains(#"action="/132152/forms/funeral-expenses/prefill""#))
        XCTAssertTrue(younger.body.string.contains(#"name="resident_name" value="山田 花子""#))
        let reference = try XCTUnwrap(row?.decode(column: "reference", as: String.self))
        XCTAssertTrue(slip.body.string.contains(reference))

        let actions = try await auditActions()
        XCTAssertEqual(actions.filter { $0 == "counter.session.create" }.count, 1)
        XCTAssertGreaterThanOrEqual(actions.filter { $0 == "counter.session.read" }.count, 5, "every opening is audited")
        XCTAssertTrue(actions.contains("counter.session.update"))
        let details = try await sql.raw("SELECT details FROM audit_entries").all().map { try $0.decode(column: "details", as: String.self) }
        XCTAssertFalse(details.joined().contains("山田"), "no personal data in the audit trail")

        // Another municipality's staff cannot open it.
        let other = Browser(app: test.app)
        _ = try await other.signIn("auditor", password: test.password, municipality: "132233")
        let crossed = try await other.get(location.replacingOccurrences(of: "132152", with: "132233"))
        XCTAssertNotEqual(crossed.status, .ok)

        let deleted = try await browser.post(location + "/delete", form: ["_csrf": token])
        XCTAssertEqual(deleted.status, .seeOther)
        let gone = try await browser.get(location)
        XCTAssertEqual(gone.status, .notFound)
    }

    func testRetentionJobDeletesExpiredSessionsAndRecordsTheCount() async throws {
        _ = try await startSession(name: "古い 記録")
        let keep = try await startSession(name: "新しい 記録")
        let old = Date().addingTimeInterval(-31 * 86_400)
        try await sql.raw("UPDATE counter_sessions SET created_at = \(bind: old) WHERE id = (SELECT id FROM counter_sessions ORDER BY created_at LIMIT 1)").run()

        let outcome = try await RetentionJob.runOnce(app: test.app)
        guard case .purged(let counts) = outcome else { return XCTFail("the job ran: \(outcome)") }
        XCTAssertEqual(counts["counter.sessions"], 1, "the expired session is deleted")
        XCTAssertEqual(counts.filter { $0.key != "counter.sessions" }.values.reduce(0, +), 0, "nothing else was old enough: \(counts)")
        XCTAssertTrue(Set(["forms.applications", "forms.mail", "privacy.requests"]).isSubset(of: Set(counts.keys)),
                      "every declared file is walked: \(counts)")
        let remaining = try await sql.raw("SELECT COUNT(*) AS n FROM counter_sessions").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(remaining, 1)
        let kept = try await browser.get(keep)
        XCTAssertEqual(kept.status, .ok)
        let actions = try await auditActions()
        XCTAssertTrue(actions.contains("privacy.retention.purge"))
    }
}

extension StaffCounterTests {
    func testKeyRotationReencryptsSessionsUnderTheNewKey() async throws {
        let location = try await startSession()
        let old = test.app.madoguchi
        let ring = try FieldKeyRing.parse(TestApp.fieldKeys + ",*test2:" + Data(repeating: 9, count: 32).base64EncodedString())
        test.app.madoguchi = MadoguchiServices(configuration: old.configuration, audit: old.audit, hasher: old.hasher, metrics: old.metrics,
                                               loginLimiter: old.loginLimiter, cipher: FieldCipher(keyRing: ring),
                                               lifeEvents: old.lifeEvents, catalogCache: old.catalogCache, formCatalog: old.formCatalog,
                                               formCatalogCache: old.formCatalogCache)
        let lines = try await Maintenance.rotateFieldKeys(test.app)
        XCTAssertTrue(lines[0].contains("1 re-encrypted"), "\(lines)")
        let stored = try await sql.raw("SELECT content FROM counter_sessions").first()?.decode(column: "content", as: String.self)
        XCTAssertTrue(stored?.hasPrefix("v1.test2.") ?? false)
        let again = try await Maintenance.rotateFieldKeys(test.app)
        XCTAssertTrue(again[0].contains("0 re-encrypted"))
        let page = try await browser.get(location)
        XCTAssertTrue(page.body.string.contains("山田 花子"), "readable under the new key")
        // Without the key it was written with, nothing is shown and nothing is deleted.
        test.app.madoguchi = MadoguchiServices(configuration: old.configuration, audit: old.audit, hasher: old.hasher, metrics: old.metrics,
                                               loginLimiter: old.loginLimiter, cipher: old.cipher,
                                               lifeEvents: old.lifeEvents, catalogCache: old.catalogCache, formCatalog: old.formCatalog,
                                               formCatalogCache: old.formCatalogCache)
        let missingKey = try await browser.get(location)
        XCTAssertEqual(missingKey.status, .internalServerError)
        XCTAssertFalse(missingKey.body.string.contains("山田"))
        let count = try await sql.raw("SELECT COUNT(*) AS n FROM counter_sessions").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(count, 1)
    }
}
