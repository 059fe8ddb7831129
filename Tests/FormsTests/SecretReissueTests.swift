import Audit
import FluentKit
import Forms
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import Privacy
import SQLKit
import XCTest

/// `FormSubmissions.reissueSecret` through the library, on SQLite and PostgreSQL: the allowance is
/// stored only as a hash, belongs to one idempotency key and one browser, works once, and replaces
/// the secret (the old one stops working).
final class SecretReissueTests: XCTestCase {
    var db: TestDatabase!
    let city = UUID()
    let cipher = FieldCipher(keyRing: try! FieldKeyRing.parse("k1:" + Data(repeating: 3, count: 32).base64EncodedString()))
    let today = CivilDate(iso: "2026-11-22")!
    let browser = "proof-of-the-submitting-browser-0001"

    override func setUp() async throws {
        db = try await TestDatabase.make(migrations: AuditModule.manifest.migrations + FormsModule.manifest.migrations)
    }

    override func tearDown() async throws { await db.shutdown() }

    var submissions: FormSubmissions { FormSubmissions(cipher: cipher, audit: HashChainAuditLog()) }

    func submit(key: String, browserProof: String?) async throws -> FormSubmissions.Receipt {
        let form = try XCTUnwrap(try FormCatalog.load().form(MoveOutApplication.formID))
        return try await submissions.submit(form, values: MoveOutApplication.values(moveDate: "2026-12-01"), idempotencyKey: key,
                                            municipalityID: city, today: today, actor: .resident, origin: .none,
                                            browserProof: browserProof, on: db.database)
    }

    func testTheSubmittingBrowserGetsOneNewSecretAndTheOldOneStopsWorking() async throws {
        let first = try await submit(key: "reissue-key-000000001", browserProof: browser)
        let oldSecret = try XCTUnwrap(first.secret)
        XCTAssertFalse(first.reissuable, "a first receipt needs no re-issue")
        let stored = try await (db.database as! any SQLDatabase).raw("SELECT reissue_hash FROM form_applications").first()?
            .decode(column: "reissue_hash", as: String?.self)
        XCTAssertNotNil(stored ?? nil)
        XCTAssertFalse((stored ?? nil)?.contains(browser) ?? true, "only a hash of the allowance is stored")

        let replay = try await submit(key: "reissue-key-000000001", browserProof: browser)
        XCTAssertTrue(replay.replayed)
        XCTAssertNil(replay.secret)
        XCTAssertTrue(replay.reissuable)
        let elsewhere = try await submit(key: "reissue-key-000000001", browserProof: "another-browser-proof-000000000000")
        XCTAssertFalse(elsewhere.reissuable)
        let unknown = try await submit(key: "reissue-key-000000001", browserProof: nil)
        XCTAssertFalse(unknown.reissuable)

        let wrongBrowser = try await submissions.reissueSecret(idempotencyKey: "reissue-key-000000001", browserProof: "another-browser-proof-000000000000",
                                                               municipalityID: city, origin: .none, on: db.database)
        XCTAssertNil(wrongBrowser)
        let otherCity = try await submissions.reissueSecret(idempotencyKey: "reissue-key-000000001", browserProof: browser,
                                                            municipalityID: UUID(), origin: .none, on: db.database)
        XCTAssertNil(otherCity)

        let reissued = try await submissions.reissueSecret(idempotencyKey: "reissue-key-000000001", browserProof: browser,
                                                           municipalityID: city, origin: .none, on: db.database)
        let newSecret = try XCTUnwrap(reissued?.secret)
        XCTAssertEqual(reissued?.receiptNumber, first.receiptNumber)
        let withNew = try await submissions.status(receiptNumber: first.receiptNumber, secret: newSecret, municipalityID: city, on: db.database)
        XCTAssertNotNil(withNew)
        let withOld = try await submissions.status(receiptNumber: first.receiptNumber, secret: oldSecret, municipalityID: city, on: db.database)
        XCTAssertNil(withOld, "the old secret stops working")

        let again = try await submissions.reissueSecret(idempotencyKey: "reissue-key-000000001", browserProof: browser,
                                                        municipalityID: city, origin: .none, on: db.database)
        XCTAssertNil(again, "once only")
        let later = try await submit(key: "reissue-key-000000001", browserProof: browser)
        XCTAssertFalse(later.reissuable)
        let audited = try await AuditEntry.query(on: db.database).filter(\.$action == "forms.application.secret_reissue").count()
        XCTAssertEqual(audited, 1)
    }

    func testASubmissionWithoutABrowserHasNoAllowance() async throws {
        let first = try await submit(key: "reissue-key-000000002", browserProof: nil)
        XCTAssertNotNil(first.secret)
        let replay = try await submit(key: "reissue-key-000000002", browserProof: browser)
        XCTAssertFalse(replay.reissuable)
        let reissued = try await submissions.reissueSecret(idempotencyKey: "reissue-key-000000002", browserProof: browser,
                                                           municipalityID: city, origin: .none, on: db.database)
        XCTAssertNil(reissued)
    }
}
