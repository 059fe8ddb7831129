import Audit
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import XCTest
@testable import Privacy

final class PrivacyDatabaseTests: XCTestCase {
    var db: TestDatabase!
    let cityA = UUID()
    let cityB = UUID()
    let officer = Actor.staff(UUID())
    let cipher = FieldCipher(keyRing: try! FieldKeyRing.parse("k1:" + Data(repeating: 7, count: 32).base64EncodedString()))

    override func setUp() async throws {
        db = try await TestDatabase.make(migrations: AuditModule.manifest.migrations + PrivacyModule.manifest.migrations)
    }

    override func tearDown() async throws { await db.shutdown() }

    var service: PrivacyRequestService { PrivacyRequestService(cipher: cipher, audit: HashChainAuditLog()) }

    func day(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    func testShowingAFullMyNumberIsAuditedAndOthersSeeItMasked() async throws {
        let number = try XCTUnwrap(MyNumber("123456789018"))
        let policy = AccessPolicy.standard(modules: [CoreModule.manifest, PrivacyModule.manifest])
        let audit = HashChainAuditLog()
        let masked = try await number.revealed(to: [.counterStaff], policy: policy, actor: .staff(UUID()), municipalityID: cityA,
                                               record: "form_applications/1", purpose: "審査", audit: audit, on: db.database)
        XCTAssertEqual(masked, "********9018")
        var entries = try await AuditEntry.query(on: db.database).filter(\.$action == "privacy.my_number.view").count()
        XCTAssertEqual(entries, 0)
        let full = try await number.revealed(to: [.privacyOfficer], policy: policy, actor: officer, municipalityID: cityA,
                                             record: "form_applications/1", purpose: "開示請求の審査", audit: audit, on: db.database)
        XCTAssertEqual(full, "123456789018")
        entries = try await AuditEntry.query(on: db.database).filter(\.$action == "privacy.my_number.view").count()
        XCTAssertEqual(entries, 1)
        let details = try await AuditEntry.query(on: db.database).all().map(\.details).joined()
        XCTAssertFalse(details.contains("123456789018"), "the number itself is never in the audit trail")
    }

    func testRequesterDetailsAreStoredEncryptedAndScopedToTheMunicipality() async throws {
        let request = try await service.register(
            municipalityID: cityA, kind: .disclosure, receivedOn: day(2025, 4, 1),
            requester: .init(name: "山田 太郎", address: "東京都国立市富士見台2-47-1", contact: "090-1234-5678"),
            subject: "令和6年度の健診記録", actor: officer, on: db.database)
        let raw = try await PrivacyRequest.find(request.id, on: db.database)!
        XCTAssertFalse(raw.requesterNameCiphertext.contains("山田"))
        XCTAssertTrue(raw.requesterNameCiphertext.hasPrefix("v1.k1."))
        let details = try await service.requester(of: raw, actor: officer, on: db.database)
        XCTAssertEqual(details.name, "山田 太郎")
        do {
            _ = try await service.find(request.id!, municipalityID: cityB, on: db.database)
            XCTFail("another municipality must not see the request")
        } catch let error as PrivacyRequestError {
            XCTAssertEqual(error, .notFound)
        }
        let actions = try await AuditEntry.query(on: db.database).all().map(\.action)
        XCTAssertEqual(actions, ["privacy.request.register", "privacy.request.view"])
    }

    func testDeadlineFollowsCorrectionAndExtensionAndDecisionNeedsGrounds() async throws {
        let request = try await service.register(municipalityID: cityA, kind: .disclosure, receivedOn: day(2025, 4, 1),
                                                 requester: .init(name: "a", address: "b"), subject: "c", actor: officer, on: db.database)
        try await service.startCorrection(request, on: day(2025, 4, 3), actor: officer, database: db.database)
        try await service.endCorrection(request, on: day(2025, 4, 8), actor: officer, database: db.database)
        XCTAssertEqual(service.due(request), day(2025, 5, 6))
        try await service.extend(request, noticeOn: day(2025, 4, 25), reason: "対象文書が大量のため", actor: officer, database: db.database)
        XCTAssertEqual(service.due(request), day(2025, 6, 5))
        do {
            try await service.decide(request, decision: .refusal, grounds: nil, decidedOn: day(2025, 5, 1), actor: officer, database: db.database)
            XCTFail("a refusal needs grounds")
        } catch let error as PrivacyRequestError {
            XCTAssertEqual(error, .groundsRequired)
        }
        try await service.decide(request, decision: .full, grounds: nil, decidedOn: day(2025, 5, 1), actor: officer, database: db.database)
        let stats = try await PrivacyRequestStatistics.load(municipalityID: cityA, fiscalYear: FiscalYear(startYear: 2025), on: db.database)
        XCTAssertEqual(stats.total, 1)
        XCTAssertEqual(stats.decisions[.full], 1)
        XCTAssertEqual(stats.late, 0)
        let other = try await PrivacyRequestStatistics.load(municipalityID: cityB, fiscalYear: FiscalYear(startYear: 2025), on: db.database)
        XCTAssertEqual(other.total, 0)
    }

    func testCorrectionRequestsOnlyWithinNinetyDaysOfDisclosure() async throws {
        do {
            _ = try await service.register(municipalityID: cityA, kind: .correction, receivedOn: day(2025, 7, 1),
                                           requester: .init(name: "a", address: "b"), subject: "c", disclosedOn: day(2025, 4, 1),
                                           actor: officer, on: db.database)
            XCTFail("91 days after disclosure")
        } catch let error as PrivacyRequestError {
            XCTAssertEqual(error, .followUpWindowPassed(lastDay: day(2025, 6, 30)))
        }
    }

    func testRotationReencryptsUnderTheCurrentKey() async throws {
        let request = try await service.register(municipalityID: cityA, kind: .disclosure, receivedOn: day(2025, 4, 1),
                                                 requester: .init(name: "山田", address: "国立市"), subject: "x", actor: officer, on: db.database)
        let ring = try FieldKeyRing.parse("k1:" + Data(repeating: 7, count: 32).base64EncodedString() + ",*k2:" + Data(repeating: 8, count: 32).base64EncodedString())
        let rotated = FieldCipher(keyRing: ring)
        let columns: [EncryptedColumn<PrivacyRequest>] = [
            .init("requester_name", \.requesterNameCiphertext), .init("requester_address", \.requesterAddressCiphertext),
            .init("requester_contact", \.requesterContactCiphertext), .init("subject", \.subjectCiphertext),
        ]
        let result = try await FieldKeyRotation.rotate(PrivacyRequest.self, columns: columns, cipher: rotated, batchSize: 1,
                                                       audit: HashChainAuditLog(), on: db.database)
        XCTAssertEqual(result, .init(examined: 1, reencrypted: 1))
        let stored = try await PrivacyRequest.find(request.id, on: db.database)!
        XCTAssertTrue(stored.requesterNameCiphertext.hasPrefix("v1.k2."))
        let k2Only = FieldCipher(keyRing: try FieldKeyRing.parse("k2:" + Data(repeating: 8, count: 32).base64EncodedString()))
        XCTAssertEqual(try k2Only.decrypt(stored.requesterNameCiphertext, binding: stored.binding("requester_name")), "山田")
        let again = try await FieldKeyRotation.rotate(PrivacyRequest.self, columns: columns, cipher: rotated, on: db.database)
        XCTAssertEqual(again.reencrypted, 0)
    }

    func testPurgeDeletesExpiredRecordsUnderALeaseAndAuditsTheCount() async throws {
        for decided in [day(2019, 5, 1), day(2025, 5, 1)] {
            let r = try await service.register(municipalityID: cityA, kind: .disclosure, receivedOn: decided.adding(days: -10),
                                               requester: .init(name: "a", address: "b"), subject: "c", actor: officer, on: db.database)
            try await service.decide(r, decision: .full, grounds: nil, decidedOn: decided, actor: officer, database: db.database)
        }
        let now = ISO8601DateFormatter().date(from: "2025-06-01T00:00:00Z")!
        let busy = DatabaseLease(name: "privacy.retention", holder: "instance-b")
        let acquired = try await busy.acquire(on: db.database, now: now)
        XCTAssertTrue(acquired)
        let purge = try RetentionPurge(manifests: [PrivacyModule.manifest], targets: [PrivacyRequestRetention()], audit: HashChainAuditLog(),
                                       lease: DatabaseLease(name: "privacy.retention", holder: "instance-a"))
        let skipped = try await purge.runOnce(on: db.database, now: now)
        XCTAssertEqual(skipped, .skipped)
        try await busy.release(on: db.database)
        let outcome = try await purge.runOnce(on: db.database, now: now)
        XCTAssertEqual(outcome, .purged(["privacy.requests": 1]))
        let remaining = try await PrivacyRequest.query(on: db.database).count()
        XCTAssertEqual(remaining, 1)
        let entry = try await AuditEntry.query(on: db.database).filter(\.$action == "privacy.retention.purge").first()
        XCTAssertEqual(entry?.municipalityID, cityA)
        XCTAssertTrue(entry?.details.contains("\"deleted\":\"1\"") == true)
    }

    func testAPurgeTargetWithoutADeclarationIsRejected() {
        struct Orphan: RetentionTarget {
            var fileID: String { "nobody.declared" }
            func purge(startedBefore cutoff: Date, on database: any Database) async throws -> [UUID: Int] { [:] }
        }
        XCTAssertThrowsError(try RetentionPurge(manifests: [PrivacyModule.manifest], targets: [Orphan()], audit: HashChainAuditLog(),
                                                lease: DatabaseLease(name: "x", holder: "y")))
    }
}
