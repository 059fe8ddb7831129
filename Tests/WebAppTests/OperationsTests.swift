import Foundation
import MadoguchiTestSupport
import SQLKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MadoguchiCore
@testable import WebApp
import XCTVapor

final class OperationsTests: XCTestCase {
    func testHealthAndMetrics() async throws {
        let test = try await makeTestApp()
        try await test.app.test(.GET, "/healthz") { res async in
            XCTAssertEqual(res.status, .ok)
            XCTAssertTrue(res.body.string.contains(#""database":"ok""#))
        }
        try await test.app.test(.GET, "/132152/") { _ async in }
        try await test.app.test(.GET, "/metrics") { res async in
            XCTAssertEqual(res.status, .ok)
            XCTAssertTrue(res.body.string.contains(#"madoguchi_http_requests_total{method="GET",route="/:municipality",status="2xx"} 1"#),
                          res.body.string)
        }
    }

    func testEveryResponseCarriesSecurityHeadersAndARequestID() async throws {
        let test = try await makeTestApp()
        try await test.app.test(.GET, "/132152/", headers: ["X-Request-Id": "abc-123"]) { res async in
            XCTAssertEqual(res.headers.first(name: "X-Request-Id"), "abc-123")
            XCTAssertTrue(res.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") ?? false)
            XCTAssertEqual(res.headers.first(name: "X-Frame-Options"), "DENY")
            XCTAssertEqual(res.headers.first(name: "X-Content-Type-Options"), "nosniff")
            XCTAssertNil(res.headers.first(name: .setCookie), "public pages set no cookie")
        }
        try await test.app.test(.GET, "/999999/") { res async in
            XCTAssertEqual(res.status, .notFound)
            XCTAssertNotNil(res.headers.first(name: "X-Request-Id"))
            XCTAssertNotNil(res.headers.first(name: "Content-Security-Policy"))
        }
    }

    func testUnknownOrInvalidMunicipalitiesAreNotFoundWithAMessage() async throws {
        let test = try await makeTestApp()
        for path in ["/131040/", "/132153/", "/abc/", "/132152x/staff/login"] {
            try await test.app.test(.GET, path) { res async in
                XCTAssertEqual(res.status, .notFound, path)
                XCTAssertTrue(res.body.string.contains("登録されていません") || res.body.string.contains("見つかりません"), path)
            }
        }
    }

    /// Over a real socket, so the server's streaming body limit is what answers.
    /// The embedded database runs with a write-ahead log (readers never wait for the writer).
    func testTheEmbeddedDatabaseUsesAWriteAheadLog() async throws {
        try XCTSkipIf(TestDatabase.isPostgres, "SQLite only")
        let test = try await makeTestApp()
        let mode = try await (test.app.db as! any SQLDatabase).raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
        XCTAssertEqual(mode, "wal")
    }

    func testOversizedBodiesAreRefusedWith413() async throws {
        let test = try await makeTestApp()
        let port = try await test.startServer()
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/132152/staff/login")!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(("login_name=" + String(repeating: "a", count: 2 * 1024 * 1024)).utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 413)
    }

    func testRootListsMunicipalitiesAndPagesSwitchLanguage() async throws {
        let test = try await makeTestApp()
        try await test.app.test(.GET, "/") { res async in
            XCTAssertEqual(res.status, .ok)
            XCTAssertTrue(res.body.string.contains(#"href="/132233/""#))
        }
        try await test.app.test(.GET, "/132152/?lang=en") { res async in
            XCTAssertTrue(res.body.string.contains(#"<html lang="en">"#))
            XCTAssertTrue(res.body.string.contains("Find your procedures"))
            XCTAssertTrue(res.headers[.setCookie].contains { $0.hasPrefix("lang=en") })
        }
        try await test.app.test(.GET, "/132152/", headers: ["Cookie": "lang=en"]) { res async in
            XCTAssertTrue(res.body.string.contains(#"<html lang="en">"#))
        }
    }
}
