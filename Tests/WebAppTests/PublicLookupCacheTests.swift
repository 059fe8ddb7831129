import Foundation
import MadoguchiCore
import SQLKit
import Vapor
import XCTVapor
import XCTest
@testable import WebApp

/// The municipality a path names and the fingerprint of its rule edits are read from the database
/// once and then answered from memory, beside the cached public pages: a staff write drops them on
/// this instance at once and on another instance within the pages' stated bound (SQLite and PostgreSQL).
final class PublicLookupCacheTests: XCTestCase {
    private static func navigatorStep(_ app: Application) async throws -> String {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let response = try await app.sendRequest(.POST, "/132152/life-events/death", headers: headers,
                                                  body: ByteBuffer(string: "q=event_date&answer=2026-11-20&go=next"))
        XCTAssertEqual(response.status, .ok, response.body.string)
        return response.body.string
    }

    private static func checklistRequest(_ eventDate: CivilDate) -> String {
        let body = #"{"event_date": "\#(eventDate)", "facts": {"deceased_had_seal_registration": true}}"#
        return "POST /132152/api/v1/life-events/death/checklist HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
    }

    /// Department staff rename 印鑑登録証の返却 for 132152 through the procedure inventory screen.
    private static func renameSealCardReturn(_ app: Application, password: String) async throws {
        let browser = Browser(app: app)
        _ = try await browser.signIn("department_staff", password: password)
        let page = try await browser.get("/132152/staff/procedures/seal_card_return").body.string
        let start = try XCTUnwrap(page.range(of: #"name="definition""#))
        let open = try XCTUnwrap(page.range(of: ">", range: start.upperBound..<page.endIndex))
        let close = try XCTUnwrap(page.range(of: "</textarea>", range: open.upperBound..<page.endIndex))
        let definition = unescapeAttribute(String(page[open.upperBound..<close.lowerBound]))
        let token = try await browser.csrfToken(from: "/132152/staff/procedures/seal_card_return")
        let saved = try await browser.post("/132152/staff/procedures/seal_card_return", form: [
            "_csrf": token, "definition": definition.replacingOccurrences(of: "印鑑登録証の返却", with: "印鑑登録証の返却（国立市）"),
        ])
        XCTAssertEqual(saved.status, .ok, saved.body.string)
    }

    func testLookupsAreAnsweredFromMemoryUntilAStaffWrite() async throws {
        let test = try await makeTestApp()
        let before = try await Self.navigatorStep(test.app)
        XCTAssertTrue(before.contains("国立市 窓口"), before)

        // A change that bypasses the application (nothing moves the public content version): the
        // screens keep the municipality they read, as the cached public pages do.
        let sql = try XCTUnwrap(test.app.db as? any SQLDatabase)
        try await sql.raw("UPDATE municipalities SET name = '国立市（改）' WHERE code = '132152'").run()
        let stillCached = try await Self.navigatorStep(test.app)
        XCTAssertTrue(stillCached.contains("国立市 窓口"), "answered from memory, no query: \(stillCached)")
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(test.app.publicLookups).count, 2, "the municipality and the rules' fingerprint are kept")

        // A staff write (an edit of the procedure inventory) drops both: the next screen reads the
        // municipality again and the checklist carries the edit.
        try await Self.renameSealCardReturn(test.app, password: test.password)
        let after = try await Self.navigatorStep(test.app)
        XCTAssertTrue(after.contains("国立市（改） 窓口"), after)
        var headers = HTTPHeaders()
        headers.contentType = .json
        let checklist = try await test.app.sendRequest(.POST, "/132152/api/v1/life-events/death/checklist", headers: headers,
                                                       body: ByteBuffer(string: #"{"event_date": "\#(CivilDate.today().adding(days: -1))", "facts": {"deceased_had_seal_registration": true}}"#))
        XCTAssertTrue(checklist.body.string.contains("印鑑登録証の返却（国立市）"), checklist.body.string)

        // A code that names no municipality is never kept (a municipality created later is seen at once).
        let unknown = try await test.app.sendRequest(.GET, "/131016/life-events")
        XCTAssertEqual(unknown.status, .notFound)
        let kept = try XCTUnwrap(test.app.publicLookups).count
        _ = try await test.app.sendRequest(.GET, "/131016/life-events")
        XCTAssertEqual(try XCTUnwrap(test.app.publicLookups).count, kept)
    }

    func testAnInventoryEditOnOneInstanceReachesAnotherWithinTheStatedBound() async throws {
        let (test, _) = try await startLiveServer()
        // A second instance on the same database (the same SQLite file, or the same PostgreSQL).
        let (other, otherPort) = try await startAnotherInstance(of: test, boot: true)

        let request = Self.checklistRequest(CivilDate.today().adding(days: -1))
        func otherChecklist() throws -> String {
            try TestSocket(port: otherPort, timeoutSeconds: 30).request(request, wholeAnswer: true)
        }
        let first = try otherChecklist()
        XCTAssertTrue(first.hasPrefix("HTTP/1.1 200"), String(first.prefix(300)))
        XCTAssertTrue(first.contains("印鑑登録証の返却"))
        XCTAssertFalse(first.contains("（国立市）"))
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(other.publicLookups).count, 2, "the other instance keeps its lookups")

        try await Self.renameSealCardReturn(test.app, password: test.password)
        let written = Date()
        var seen: TimeInterval?
        while Date().timeIntervalSince(written) < 10 {
            if try otherChecklist().contains("印鑑登録証の返却（国立市）") {
                seen = Date().timeIntervalSince(written)
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let delay = try XCTUnwrap(seen, "the other instance never showed the edit")
        // The bound: one sync interval (1 s), plus slack for a loaded machine.
        XCTAssertLessThan(delay, Double(test.app.madoguchi.configuration.pageCache.syncSeconds) + 2)
    }
}
