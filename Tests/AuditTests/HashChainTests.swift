import Audit
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import SQLKit
import XCTest

/// The audit hash chain through the Audit library alone (no web application): entries appended in
/// order, each bound to the one before; verification names the first entry that was changed,
/// removed or reordered, and entries cut off the end. SQLite by default, PostgreSQL with `DATABASE_URL`.
final class HashChainTests: XCTestCase {
    var db: TestDatabase!
    let city = UUID()
    let staff = Actor.staff(UUID())

    override func setUp() async throws {
        db = try await TestDatabase.make(migrations: AuditModule.manifest.migrations)
    }

    override func tearDown() async throws { await db.shutdown() }

    private var sql: any SQLDatabase { db.database as! any SQLDatabase }

    /// Appends `count` entries, outside a transaction (the log opens its own) and inside one.
    private func append(_ count: Int) async throws {
        let log = HashChainAuditLog()
        for n in 1...count {
            let event = AuditEvent(municipalityID: city, actor: staff, action: "test.step", targetType: "step", targetID: String(n),
                                   details: ["n": String(n), "kind": n.isMultiple(of: 2) ? "even" : "odd"])
            if n.isMultiple(of: 2) {
                try await db.database.transaction { try await log.record(event, on: $0) }
            } else {
                try await log.record(event, on: db.database)
            }
        }
    }

    private func entries() async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db.database).sort(\.$sequence).all()
    }

    func testAppendedEntriesFormAChainThatVerifies() async throws {
        let empty = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(empty, .intact(entries: 0))
        try await append(5)
        let all = try await entries()
        XCTAssertEqual(all.map(\.sequence), [1, 2, 3, 4, 5])
        XCTAssertEqual(all.first?.previousHash, AuditHash.genesis)
        for (earlier, later) in zip(all, all.dropFirst()) {
            XCTAssertEqual(later.previousHash, earlier.hash, "entry \(later.sequence) follows entry \(earlier.sequence)")
        }
        for entry in all {
            XCTAssertEqual(entry.hash, AuditHash.compute(for: entry))
            XCTAssertEqual(entry.hash.count, 64)
        }
        XCTAssertEqual(all[1].detailDictionary, ["n": "2", "kind": "even"])
        let verified = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(verified, .intact(entries: 5))
    }

    func testTheHashCoversEveryRecordedPartAndNotTheDetailsOrder() {
        XCTAssertEqual(AuditHash.canonicalJSON(["b": "2", "a": "1"]), AuditHash.canonicalJSON(["a": "1", "b": "2"]))
        let base = AuditHash.compute(sequence: 1, previousHash: AuditHash.genesis, occurredAtMilliseconds: 1_700_000_000_000,
                                     municipalityID: city, actor: "staff:x", action: "a", targetType: nil, targetID: nil,
                                     ipAddress: nil, requestID: nil, details: "{}")
        let changed = AuditHash.compute(sequence: 1, previousHash: AuditHash.genesis, occurredAtMilliseconds: 1_700_000_000_000,
                                        municipalityID: city, actor: "staff:x", action: "b", targetType: nil, targetID: nil,
                                        ipAddress: nil, requestID: nil, details: "{}")
        XCTAssertNotEqual(base, changed)
    }

    func testAChangedEntryIsNamed() async throws {
        try await append(4)
        try await sql.update(AuditEntry.schema).set("details", to: #"{"n":"99"}"#).where("seq", .equal, 3).run()
        let outcome = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(outcome, .broken(sequence: 3, reason: "entry 3 was changed after it was written"))
    }

    func testARemovedEntryIsNamed() async throws {
        try await append(4)
        try await sql.delete(from: AuditEntry.schema).where("seq", .equal, 2).run()
        let outcome = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(outcome, .broken(sequence: 2, reason: "entry 2 is missing"))
    }

    func testReorderedEntriesAreNamed() async throws {
        try await append(4)
        // Entries 2 and 3 swap places (their sequence numbers are exchanged, the rest stays).
        try await sql.update(AuditEntry.schema).set("seq", to: 100).where("seq", .equal, 2).run()
        try await sql.update(AuditEntry.schema).set("seq", to: 2).where("seq", .equal, 3).run()
        try await sql.update(AuditEntry.schema).set("seq", to: 3).where("seq", .equal, 100).run()
        let outcome = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(outcome, .broken(sequence: 2, reason: "entry 2 does not follow entry 1 (removed or reordered)"))
    }

    func testEntriesCutOffTheEndAreNamed() async throws {
        try await append(4)
        try await sql.delete(from: AuditEntry.schema).where("seq", .greaterThan, 2).run()
        let outcome = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(outcome, .broken(sequence: 3, reason: "entries after 2 were removed (the head records 4)"))
    }

    func testAnEntryAppendedAfterTamperingDoesNotRepairTheChain() async throws {
        try await append(3)
        try await sql.update(AuditEntry.schema).set("action", to: "test.other").where("seq", .equal, 1).run()
        try await append(2)
        let outcome = try await AuditVerifier().verify(on: db.database)
        XCTAssertEqual(outcome, .broken(sequence: 1, reason: "entry 1 was changed after it was written"))
    }
}
