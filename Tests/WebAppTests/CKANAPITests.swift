import Catalog
import FluentKit
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// The CKAN Action API over HTTP, and the real `ckanapi` client against a running server.
final class CKANAPITests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws {
        test = try await TestApp.make()
        _ = try await test.app.madoguchi.municipalities.addDepartment(to: test.kunitachi, code: "bousai", name: "防災安全課",
                                                                      nameEnglish: "Disaster Prevention", by: .system, origin: .none, on: test.app.db)
    }

    override func tearDown() async throws { try await test.shutdown() }

    private func json(_ response: XCTHTTPResponse) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any], response.body.string)
    }

    /// An API token for a municipality administrator, created through the staff screen.
    private func token() async throws -> String {
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("municipality_administrator", password: test.password)
        let csrf = try await browser.csrfToken(from: "/132152/staff/api-tokens")
        let page = try await browser.post("/132152/staff/api-tokens", form: ["_csrf": csrf, "label": "都カタログ連携"])
        let html = page.body.string
        let start = try XCTUnwrap(html.range(of: #"<code id="new-token">"#))
        return String(html[start.upperBound...].prefix { $0 != "<" })
    }

    func testEnvelopeErrorsAndAuthorisation() async throws {
        let status = try await test.app.sendRequest(.GET, "/132152/api/3/action/status_show")
        XCTAssertEqual(status.status, .ok)
        let body = try json(status)
        XCTAssertEqual(body["success"] as? Bool, true)
        XCTAssertTrue((body["help"] as? String ?? "").contains("help_show"))

        let unknown = try await test.app.sendRequest(.GET, "/132152/api/3/action/no_such_action")
        XCTAssertEqual(unknown.status, .notFound)
        XCTAssertEqual((try json(unknown)["error"] as? [String: Any])?["__type"] as? String, "Not Found Error")

        var headers = HTTPHeaders()
        headers.contentType = .json
        let anonymous = try await test.app.sendRequest(.POST, "/132152/api/action/package_create", headers: headers,
                                                       body: ByteBuffer(string: #"{"name": "x", "title": "x"}"#))
        XCTAssertEqual(anonymous.status, .forbidden)
        XCTAssertEqual((try json(anonymous)["error"] as? [String: Any])?["__type"] as? String, "Authorization Error")

        let badJSON = try await test.app.sendRequest(.POST, "/132152/api/action/package_search", headers: headers, body: ByteBuffer(string: "{oops"))
        XCTAssertEqual(badJSON.status, .conflict)
        let tooMany = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_search?rows=5000")
        XCTAssertEqual((try json(tooMany)["success"] as? Bool), false)

        // A token works only in its own municipality.
        let token = try await token()
        headers.replaceOrAdd(name: .authorization, value: token)
        let elsewhere = try await test.app.sendRequest(.POST, "/132233/api/action/package_create", headers: headers,
                                                       body: ByteBuffer(string: #"{"name": "x", "title": "x"}"#))
        XCTAssertEqual(elsewhere.status, .forbidden)
        let created = try await test.app.sendRequest(.POST, "/132152/api/action/package_create", headers: headers,
                                                     body: ByteBuffer(string: #"{"name": "aed", "title": "AED設置箇所一覧", "owner_org": "bousai", "private": false}"#))
        XCTAssertEqual(created.status, .ok, created.body.string)
        let search = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_search?q=AED")
        XCTAssertEqual(((try json(search)["result"] as? [String: Any])?["count"] as? Int), 1)
        let other = try await test.app.sendRequest(.GET, "/132233/api/3/action/package_search?q=AED")
        XCTAssertEqual(((try json(other)["result"] as? [String: Any])?["count"] as? Int), 0, "catalogues are per municipality")
        let duplicate = try await test.app.sendRequest(.POST, "/132152/api/action/package_create", headers: headers,
                                                       body: ByteBuffer(string: #"{"name": "aed", "title": "二重"}"#))
        XCTAssertEqual(duplicate.status, .conflict)
        XCTAssertNotNil((try json(duplicate)["error"] as? [String: Any])?["name"], "the field is named")
    }

    func testTheCkanapiClientCreatesSearchesUpdatesUploadsAndDeletes() async throws {
        try PythonPeer.require(modules: "ckanapi, rdflib", missing: "ckanapi/rdflib (pip install -r Tests/CatalogTests/python/requirements.txt)")
        let token = try await token()
        let port = try await test.startServer()
        let (status, output) = try await PythonPeer.run("Tests/CatalogTests/python/ckan_client.py", ["http://127.0.0.1:\(port)/132152", token])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("all checks passed"), output)
        await test.app.server.shutdown()
    }

    /// Over a real socket: an upload beyond the 20 MiB limit is refused before it is stored.
    func testOversizedUploadsAreRefusedAndNothingChanges() async throws {
        let port = try await test.startServer()
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/132152/api/action/resource_create")!)
        request.httpMethod = "POST"
        request.setValue("multipart/form-data; boundary=x", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(count: CKANActionController.maxBodyBytes + 1024)
        let (_, response) = try await URLSession.shared.data(for: request)
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 413)
        let resources = try await test.app.db.query(Catalog.Resource.self).count()
        XCTAssertEqual(resources, 0)
        await test.app.server.shutdown()
    }
}
