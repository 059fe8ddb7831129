import Audit
import FluentKit
@testable import Forms
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
@testable import Mail
import Privacy
import SQLKit
import XCTest

/// The group commit (`SubmissionWriter`): submissions filed together are each committed with their
/// audit entry and receipt mail, the chain stays whole, a taken key or receipt number is left out of
/// its batch, and one failing filing fails alone. SQLite by default, PostgreSQL with `DATABASE_URL`.
final class SubmissionWriterTests: XCTestCase {
    var db: TestDatabase!
    let city = UUID()
    let cipher = FieldCipher(keyRing: try! FieldKeyRing.parse("k1:" + Data(repeating: 5, count: 32).base64EncodedString()))
    let today = CivilDate(iso: "2026-11-22")!
    let links = FormSubmissions.MailLinks(municipalityName: "国立市", baseURL: "https://example.jp/132152")

    override func setUp() async throws {
        db = try await TestDatabase.make(migrations: AuditModule.manifest.migrations + MailModule.manifest.migrations
                                             + FormsModule.manifest.migrations)
    }

    override func tearDown() async throws { await db.shutdown() }

    var sql: any SQLDatabase { db.database as! any SQLDatabase }

    func writer(audit: any AuditTrail = HashChainAuditLog()) -> SubmissionWriter {
        let database = db.database
        return SubmissionWriter(database: { database }, audit: audit, outbox: MailOutbox(cipher: cipher))
    }

    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(unsafeRaw: condition)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    func testConcurrentSubmissionsAreEachCommittedWithTheirAuditEntryAndMail() async throws {
        let form = try XCTUnwrap(try FormCatalog.load().form("move-out"))
        let service = FormSubmissions(cipher: cipher, audit: HashChainAuditLog(), outbox: MailOutbox(cipher: cipher), writer: writer())
        let values = MoveOutApplication.values(moveDate: "2026-12-01"), city = city, today = today, links = links, database = db.database
        // 40 different submissions and the same one 4 times at once (a double submit), all together.
        let keys = (0..<40).map { String(format: "writer-key-%06d", $0) } + Array(repeating: "writer-key-double", count: 4)
        let receipts = try await withThrowingTaskGroup(of: FormSubmissions.Receipt.self) { group in
            for key in keys {
                group.addTask {
                    try await service.submit(form, values: values, idempotencyKey: key, municipalityID: city, today: today, actor: .resident,
                                             origin: .none, mail: links, on: database)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(Set(receipts.map(\.receiptNumber)).count, 41, "one receipt per key")
        XCTAssertEqual(receipts.filter { !$0.replayed }.count, 41)
        XCTAssertEqual(receipts.filter { $0.replayed && $0.secret == nil }.count, 3, "the double submit's others are replays")
        let applications = try await count("form_applications")
        XCTAssertEqual(applications, 41)
        let audited = try await count("audit_entries", where: "action = 'forms.application.submit'")
        XCTAssertEqual(audited, 41)
        let mails = try await count("mail_outbox", where: "kind = 'forms.receipt'")
        XCTAssertEqual(mails, 41)
        let verified = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(verified, .intact(entries: 41))
        for application in try await FormApplication.query(on: db.database).all() {
            XCTAssertEqual(try service.values(of: application)["name"], values["name"], "application \(application.receiptNumber) decrypts")
        }
        let receiptMails = try await MailOutbox(cipher: cipher).claim(limit: 100, now: Date().addingTimeInterval(60), on: db.database)
        let first = try XCTUnwrap(receiptMails.first)
        let message = try JSONDecoder().decode(MailMessage.self, from: Data(try cipher.decrypt(first.messageCiphertext, binding: first.binding()).utf8))
        XCTAssertEqual(message.to, values["email"])
        XCTAssertTrue(message.subject.contains("受付番号"))
    }

    func testATakenKeyOrReceiptNumberIsLeftOutOfItsBatch() async throws {
        let results = await writer().commit([
            filing(key: "key-a-0000000000000", receipt: "20261122-AAAAAA"),
            filing(key: "key-a-0000000000000", receipt: "20261122-BBBBBB"),
            filing(key: "key-b-0000000000000", receipt: "20261122-AAAAAA"),
            filing(key: "key-c-0000000000000", receipt: "20261122-CCCCCC"),
        ])
        XCTAssertEqual(try results.map { try $0.get() }, [.filed, .taken, .taken, .filed])
        let entries = try await AuditEntry.query(on: db.database).sort(\.$sequence).all()
        XCTAssertEqual(entries.map(\.sequence), [1, 2])
        XCTAssertEqual(entries.map(\.targetID), ["20261122-AAAAAA", "20261122-CCCCCC"], "entries for the filed ones, in batch order")
        let mails = try await count("mail_outbox")
        XCTAssertEqual(mails, 2)
        let verified = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(verified, .intact(entries: 2))
    }

    func testOneFailingFilingFailsAloneAndTheRestOfItsBatchIsCommitted() async throws {
        let results = await writer(audit: RefusingAudit()).commit([
            filing(key: "key-1-0000000000000", receipt: "20261122-111111"),
            filing(key: "key-2-0000000000000", receipt: "20261122-222222"),
            filing(key: "key-3-0000000000000", receipt: "20261122-333333", requestID: RefusingAudit.refused),
            filing(key: "key-4-0000000000000", receipt: "20261122-444444"),
        ])
        XCTAssertEqual(try results[0].get(), .filed)
        XCTAssertEqual(try results[1].get(), .filed)
        XCTAssertThrowsError(try results[2].get())
        XCTAssertEqual(try results[3].get(), .filed)
        let receipts = try await FormApplication.query(on: db.database).all().map(\.receiptNumber).sorted()
        XCTAssertEqual(receipts, ["20261122-111111", "20261122-222222", "20261122-444444"])
        let mails = try await count("mail_outbox")
        XCTAssertEqual(mails, 3, "no mail for the failed one")
        let verified = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(verified, .intact(entries: 3))
    }

    func filing(key: String, receipt: String, requestID: String? = nil) -> SubmissionWriter.Filing {
        let id = UUID()
        return SubmissionWriter.Filing(
            id: id, municipalityID: city, formID: "move-out", formVersion: 1, receiptNumber: receipt,
            valuesCiphertext: try! cipher.encrypt("{}", binding: FormApplication.binding(id: id)), secretHash: SecretToken.hash("secret"),
            idempotencyKey: key, reissueHash: nil,
            audit: AuditEvent(municipalityID: city, actor: .resident, action: "forms.application.submit", targetType: FormApplication.schema,
                              targetID: receipt, origin: RequestOrigin(ipAddress: nil, requestID: requestID)),
            mail: MailOutbox.Queued(MailMessage(to: "hanako@example.jp", subject: "受付", body: receipt), kind: "forms.receipt", municipalityID: city))
    }

    /// The audit log, refusing any append that carries one particular request id.
    struct RefusingAudit: AuditTrail {
        static let refused = "refused-request"
        struct Refused: Error {}
        func record(_ event: AuditEvent, on database: any Database) async throws { try await recordAll([event], on: database) }
        func recordAll(_ events: [AuditEvent], on database: any Database) async throws {
            if events.contains(where: { $0.origin.requestID == Self.refused }) { throw Refused() }
            try await HashChainAuditLog().recordAll(events, on: database)
        }
    }
}
