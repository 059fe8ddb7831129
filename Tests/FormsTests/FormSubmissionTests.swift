import Audit
import FluentKit
import Forms
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import Privacy
import SQLKit
import XCTest

/// Submissions on SQLite and PostgreSQL: committed with their receipt, encrypted, idempotent.
final class FormSubmissionTests: XCTestCase {
    var db: TestDatabase!
    let city = UUID()
    let cipher = FieldCipher(keyRing: try! FieldKeyRing.parse("k1:" + Data(repeating: 3, count: 32).base64EncodedString()))
    let today = CivilDate(iso: "2026-11-22")!

    override func setUp() async throws {
        db = try await TestDatabase.make(migrations: AuditModule.manifest.migrations + FormsModule.manifest.migrations)
    }

    override func tearDown() async throws { await db.shutdown() }

    var submissions: FormSubmissions { FormSubmissions(cipher: cipher, audit: HashChainAuditLog()) }

    func form() throws -> FormDefinition { try XCTUnwrap(try FormCatalog.load().form("move-out")) }

    let values = MoveOutApplication.values(moveDate: "2026-12-01")

    func testASubmissionIsCommittedEncryptedAndReachableWithItsSecret() async throws {
        let receipt = try await submissions.submit(try form(), values: values, idempotencyKey: "key-0000000000000001", municipalityID: city,
                                                   today: today, actor: .resident, origin: .none, on: db.database)
        XCTAssertTrue(receipt.receiptNumber.hasPrefix("20261122-"))
        let secret = try XCTUnwrap(receipt.secret)
        let sql = db.database as! any SQLDatabase
        let stored = try await sql.raw("SELECT \(ident: "values") FROM form_applications").first()?.decode(column: "values", as: String.self)
        XCTAssertFalse(stored?.contains("山田") ?? true)
        let found = try await submissions.status(receiptNumber: receipt.receiptNumber, secret: secret, municipalityID: city, on: db.database)
        XCTAssertEqual(try submissions.values(of: try XCTUnwrap(found))["postal_code"], "186-8501")
        let wrong = try await submissions.status(receiptNumber: receipt.receiptNumber, secret: "guess", municipalityID: city, on: db.database)
        XCTAssertNil(wrong)
        let otherCity = try await submissions.status(receiptNumber: receipt.receiptNumber, secret: secret, municipalityID: UUID(), on: db.database)
        XCTAssertNil(otherCity)
    }

    func testReplayedAndConcurrentDoubleSubmitsMakeOneApplication() async throws {
        let form = try form()
        let first = try await submissions.submit(form, values: values, idempotencyKey: "key-0000000000000002", municipalityID: city,
                                                 today: today, actor: .resident, origin: .none, on: db.database)
        let replay = try await submissions.submit(form, values: values, idempotencyKey: "key-0000000000000002", municipalityID: city,
                                                  today: today, actor: .resident, origin: .none, on: db.database)
        XCTAssertEqual(replay.receiptNumber, first.receiptNumber)
        XCTAssertTrue(replay.replayed)
        XCTAssertNil(replay.secret)

        let service = submissions, database = db.database, city = city, today = today, values = values
        let receipts = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await service.submit(form, values: values, idempotencyKey: "key-0000000000000003", municipalityID: city,
                                             today: today, actor: .resident, origin: .none, on: database).receiptNumber
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(receipts.count, 1)
        let count = try await FormApplication.query(on: db.database).count()
        XCTAssertEqual(count, 2)
    }

    func testInvalidSubmissionsNameTheFieldsAndStoreNothing() async throws {
        var bad = values
        bad["postal_code"] = "12"
        bad["name_kana"] = "山田"
        do {
            _ = try await submissions.submit(try form(), values: bad, idempotencyKey: "key-0000000000000004", municipalityID: city,
                                             today: today, actor: .resident, origin: .none, on: db.database)
            XCTFail("accepted")
        } catch FormsError.invalid(let problems) {
            XCTAssertEqual(Set(problems.map(\.field)), ["postal_code", "name_kana"])
        }
        let count = try await FormApplication.query(on: db.database).count()
        XCTAssertEqual(count, 0)
    }
}
