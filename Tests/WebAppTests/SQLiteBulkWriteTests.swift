import FluentKit
import Foundation
import MadoguchiCore
import SQLKit
@testable import WebApp
import XCTest

/// The SQLite connection settings of a bulk write (a fan-out's chunk) hold inside it and are put
/// back after it, also when it fails; the server keeps temporary files in memory on each connection;
/// PostgreSQL is left as it is.
final class SQLiteBulkWriteTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    struct Refused: Error {}

    static func pragma(_ name: String, on db: any Database) async throws -> Int? {
        try await (db as! any SQLDatabase).raw("PRAGMA \(unsafeRaw: name)").first()?.decode(column: name, as: Int.self)
    }

    func testTheBulkSettingsHoldInsideAndArePutBackAfterAndOnFailure() async throws {
        guard (test.app.db as! any SQLDatabase).dialect.name == "sqlite" else {
            // PostgreSQL: the body runs as it is, nothing is set.
            let answer = try await test.app.db.transaction { db in try await SQLiteBulkWrite.run(on: db) { 42 } }
            XCTAssertEqual(answer, 42)
            return
        }
        try await test.app.db.transaction { db in
            let cache = try await Self.pragma("cache_size", on: db)
            let checkpoint = try await Self.pragma("wal_autocheckpoint", on: db)
            let tempStore = try await Self.pragma("temp_store", on: db)
            XCTAssertEqual(tempStore, 2, "temporary files in memory from the connection's start")
            XCTAssertEqual(checkpoint, SQLiteBulkWrite.checkpointPages, "the log checkpointed less often from the connection's start")
            let inside = try await SQLiteBulkWrite.run(on: db) {
                [try await Self.pragma("cache_size", on: db), try await Self.pragma("wal_autocheckpoint", on: db)]
            }
            XCTAssertEqual(inside, [-SQLiteBulkWrite.cacheKiB, SQLiteBulkWrite.checkpointPages])
            XCTAssertNotEqual(cache, -SQLiteBulkWrite.cacheKiB, "the bulk cache is the chunk's only")
            let after = [try await Self.pragma("cache_size", on: db), try await Self.pragma("wal_autocheckpoint", on: db)]
            XCTAssertEqual(after, [cache, checkpoint], "put back")
            do {
                _ = try await SQLiteBulkWrite.run(on: db) { () async throws -> Int in throw Refused() }
                XCTFail("the body's error is thrown")
            } catch is Refused {}
            let afterFailure = [try await Self.pragma("cache_size", on: db), try await Self.pragma("wal_autocheckpoint", on: db)]
            XCTAssertEqual(afterFailure, [cache, checkpoint], "put back after a failure")
        }
    }
}
