import FluentKit
import Forms
import MadoguchiCore
import SQLKit
@testable import WebApp
import XCTest

/// The application files plain submissions through the group commit, and its writer commits durably:
/// on SQLite its own connection runs the file in write-ahead-log mode with synchronous FULL (each
/// commit is fsynced), on PostgreSQL commits are synchronous, through a connection of its own.
final class SubmissionWriterSetupTests: XCTestCase {
    func testSubmissionsGoThroughTheWriterWhoseCommitsAreDurable() async throws {
        let test = try await makeTestApp()
        XCTAssertNotNil(test.app.madoguchi.formSubmissions.writer)
        switch test.app.madoguchi.configuration.store {
        case .sqlite:
            let writer = try XCTUnwrap(test.app.db(.submissionWriter) as? any SQLDatabase)
            let synchronous = try await writer.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            XCTAssertEqual(synchronous, 2, "FULL")
            let journal = try await writer.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            XCTAssertEqual(journal, "wal")
        case .postgres:
            // The writer has a connection of its own, apart from the pool every request reads through.
            let writer = try XCTUnwrap(test.app.db(.postgresSubmissionWriter) as? any SQLDatabase)
            let commit = try await writer.raw("SHOW synchronous_commit").first()?.decode(column: "synchronous_commit", as: String.self)
            XCTAssertEqual(commit, "on")
            let pool = try XCTUnwrap(test.app.db as? any SQLDatabase)
            let writerPID = try await writer.raw("SELECT pg_backend_pid() AS pid").first()?.decode(column: "pid", as: Int.self)
            let poolPID = try await pool.raw("SELECT pg_backend_pid() AS pid").first()?.decode(column: "pid", as: Int.self)
            XCTAssertNotEqual(writerPID, poolPID)
        }
    }
}
