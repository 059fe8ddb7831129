import Audit
import FluentKit
import Foundation
import MadoguchiCore
import SQLKit
@testable import WebApp
import XCTVapor

final class AuditLogTests: XCTestCase {
    func testActionsAreChainedAndTheChainVerifies() async throws {
        let test = try await makeTestApp()
        _ = try await Browser(app: test.app).signIn("auditor", password: test.password)
        let entries = try await AuditEntry.query(on: test.app.db).sort(\.$sequence).all()
        XCTAssertEqual(entries.map(\.sequence), Array(1...entries.count))
        XCTAssertEqual(entries.last?.action, "staff.login")
        XCTAssertEqual(entries.first?.previousHash, AuditHash.genesis)
        let value8 = try await AuditVerifier().verify(on: test.app.db)
        XCTAssertEqual(value8, .intact(entries: entries.count))
    }

    func testChangedRemovedReorderedAndTruncatedEntriesAreNamed() async throws {
        let test = try await makeTestApp()
        let sql = test.app.db as! any SQLDatabase
        try await sql.raw("UPDATE audit_entries SET action = 'staff.nothing' WHERE seq = 3").run()
        let value9 = try await AuditVerifier().verify(on: test.app.db)
        XCTAssertEqual(value9,
                       .broken(sequence: 3, reason: "entry 3 was changed after it was written"))
        try await test.shutdown()

        let removed = try await makeTestApp()
        try await (removed.app.db as! any SQLDatabase).raw("DELETE FROM audit_entries WHERE seq = 4").run()
        let value10 = try await AuditVerifier().verify(on: removed.app.db)
        XCTAssertEqual(value10, .broken(sequence: 4, reason: "entry 4 is missing"))
        try await removed.shutdown()

        let reordered = try await makeTestApp()
        let rsql = reordered.app.db as! any SQLDatabase
        try await rsql.raw("UPDATE audit_entries SET seq = -1 WHERE seq = 5").run()
        try await rsql.raw("UPDATE audit_entries SET seq = 5 WHERE seq = 6").run()
        try await rsql.raw("UPDATE audit_entries SET seq = 6 WHERE seq = -1").run()
        guard case .broken(let at, _) = try await AuditVerifier().verify(on: reordered.app.db) else {
            return XCTFail("reordering went unnoticed")
        }
        XCTAssertEqual(at, 5)
        try await reordered.shutdown()

        let truncated = try await makeTestApp()
        let count = try await AuditEntry.query(on: truncated.app.db).count()
        try await (truncated.app.db as! any SQLDatabase).raw("DELETE FROM audit_entries WHERE seq = \(unsafeRaw: String(count))").run()
        let value11 = try await AuditVerifier().verify(on: truncated.app.db)
        XCTAssertEqual(value11,
                       .broken(sequence: count, reason: "entries after \(count - 1) were removed (the head records \(count))"))
    }

    func testAuditorBrowsesFiltersAndExportsOnlyTheirMunicipality() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("auditor", password: test.password)
        let page = try await browser.get("/132152/staff/audit?action=staff.login")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.string.contains("staff.login"))
        XCTAssertFalse(page.body.string.contains("staff.create"), "filtered by action prefix")

        let csv = try await browser.get("/132152/staff/audit.csv")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertEqual(csv.headers.contentType?.subType, "csv")
        let lines = csv.body.string.split(separator: "\r\n")
        XCTAssertTrue(Array(csv.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 BOM for spreadsheet software")
        XCTAssertTrue(lines[0].contains(#""seq","occurred_at""#))
        let otherCity = try test.musashimurayama.requireID().uuidString.lowercased()
        XCTAssertFalse(csv.body.string.contains(otherCity), "another municipality's entries never appear")
        XCTAssertTrue(csv.body.string.contains("audit.view"), "viewing the log is itself audited")

        let badDate = try await browser.get("/132152/staff/audit?from=2025-13-40")
        XCTAssertEqual(badDate.status, .unprocessableEntity)
        XCTAssertTrue(badDate.body.string.contains("YYYY-MM-DD"))
    }

    func testEntriesNeverHoldThePasswordsTyped() async throws {
        let test = try await makeTestApp()
        _ = try await Browser(app: test.app).signIn("auditor", password: "a secret guess 123")
        let all = try await AuditEntry.query(on: test.app.db).all()
        XCTAssertFalse(all.contains { $0.details.contains("a secret guess") })
    }

    /// `madoguchi audit verify` exits 0 on an intact chain and 1, naming the entry, on a changed one.
    func testVerifyCommandExitCodes() async throws {
        let binary = try MadoguchiBinary.require()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-cli-\(UUID().uuidString)")
        var environment = ProcessInfo.processInfo.environment
        environment["MADOGUCHI_DATA_DIR"] = folder.path
        if environment["DATABASE_URL"]?.hasPrefix("postgres") == true {
            try await TestApp.resetPostgres(url: environment["DATABASE_URL"]!)
        } else {
            environment["DATABASE_URL"] = folder.appendingPathComponent("cli.sqlite").path
        }
        environment["MADOGUCHI_DEMO"] = "true"
        environment["MADOGUCHI_FIELD_KEYS"] = TestApp.fieldKeys
        let (status, _) = try Self.run(binary, ["migrate"], environment: environment)
        XCTAssertEqual(status, 0)
        // `migrate` does not load the demo; `audit verify` on an empty chain is intact.
        let (okStatus, okOutput) = try Self.run(binary, ["audit", "verify"], environment: environment)
        XCTAssertEqual(okStatus, 0, okOutput)
        XCTAssertTrue(okOutput.contains("intact"))
        // Write some entries through the library, then tamper with one.
        let test = try await TestApp.makeAttached(environment: environment)
        try await (test.db as! any SQLDatabase).raw("UPDATE audit_entries SET target_id = 'x' WHERE seq = 2").run()
        try await test.shutdown()
        let (badStatus, badOutput) = try Self.run(binary, ["audit", "verify"], environment: environment)
        XCTAssertEqual(badStatus, 1)
        XCTAssertTrue(badOutput.contains("entry 2"), badOutput)
    }

    /// The build folder holding the test bundle and the `madoguchi` executable.
    static var productsDirectory: URL {
        let bundle = Bundle(for: AuditLogTests.self).bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    static func run(_ binary: URL, _ arguments: [String], environment: [String: String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
