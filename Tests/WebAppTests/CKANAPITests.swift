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
        test = try await makeTestApp()
        try await test.addDisasterPreventionDepartment()
    }


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
        // rows beyond 1000 is clamped, as CKAN clamps it (ckan.search.rows_max); negative rows are refused.
        let tooMany = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_search?rows=5000")
        XCTAssertEqual((try json(tooMany)["success"] as? Bool), true)
        let negative = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_search?rows=-1")
        XCTAssertEqual(negative.status, .conflict)
        XCTAssertEqual((try json(negative)["success"] as? Bool), false)

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
        // Resource URLs are built on the public URL, so the server must be configured with its own address.
        try await test.shutdown()
        let (live, port) = try await startLiveServer()
        test = live
        try await test.addDisasterPreventionDepartment()
        let token = try await token()
        let (status, output) = try await PythonPeer.run("Tests/CatalogTests/python/ckan_client.py", ["http://127.0.0.1:\(port)/132152", token])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("all checks passed"), output)
    }

    /// Over a real socket: an upload beyond the 20 MiB limit is refused before it is stored, and
    /// without a token it is refused before its body is read at all.
    func testOversizedUploadsAreRefusedAndNothingChanges() async throws {
        let token = try await token()
        let port = try await test.startServer()
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/132152/api/action/resource_create")!)
        request.httpMethod = "POST"
        request.setValue("multipart/form-data; boundary=x", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(count: CKANActionController.maxBodyBytes + 1024)
        let (_, anonymous) = try await URLSession.shared.data(for: request)
        XCTAssertEqual((anonymous as? HTTPURLResponse)?.statusCode, 403, "no token: refused before the body is read")
        request.setValue(token, forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 413)
        let resources = try await test.app.db.query(Catalog.Resource.self).count()
        XCTAssertEqual(resources, 0)
    }

    /// The requests that used to stop the server (a `Range` from a negative limit, an overflowing
    /// offset or page) are refused with CKAN's Validation Error naming the parameter.
    func testExtremeIntegersAreRefusedWithTheParameterNamed() async throws {
        for (path, field) in [("package_list?limit=-5", "limit"), ("package_list?offset=9223372036854775807", "offset"),
                              ("current_package_list_with_resources?limit=-5", "limit"),
                              ("current_package_list_with_resources?offset=9223372036854775807", "offset"),
                              ("package_search?start=-1", "start"), ("package_search?start=9223372036854775808", "start"),
                              ("package_search?rows=abc", "rows"), ("package_search?facet.limit=1e309", "facet.limit")] {
            let response = try await test.app.sendRequest(.GET, "/132152/api/3/action/" + path)
            XCTAssertEqual(response.status, .conflict, path)
            let error = try XCTUnwrap(try json(response)["error"] as? [String: Any], path)
            XCTAssertEqual(error["__type"] as? String, "Validation Error", path)
            XCTAssertNotNil(error[field], "\(path) names \(field)")
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        let viaJSON = try await test.app.sendRequest(.POST, "/132152/api/3/action/package_list", headers: headers,
                                                     body: ByteBuffer(string: #"{"limit": 5, "offset": 1e300}"#))
        XCTAssertEqual(viaJSON.status, .conflict, viaJSON.body.string)
        let clamped = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_list?limit=9223372036854775807")
        XCTAssertEqual(clamped.status, .ok, "a limit above 1000 is clamped, as CKAN does")
        for page in ["9223372036854775807", "0", "-1", "x"] {
            let turtle = try await test.app.sendRequest(.GET, "/132152/catalog.ttl?page=\(page)")
            XCTAssertEqual(turtle.status, .badRequest, page)
        }
        let health = try await test.app.sendRequest(.GET, "/healthz")
        XCTAssertEqual(health.status, .ok)
    }

    /// package_search's free text, filters and sort are bounded (the 32,000-character text that
    /// crashed the server gets a 409 naming `q`); `+` in a query string is a space, as in CKAN.
    func testSearchTextAndFiltersAreBoundedAndPlusIsASpace() async throws {
        let token = try await token()
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .authorization, value: token)
        let created = try await test.app.sendRequest(.POST, "/132152/api/action/package_create", headers: headers,
                                                     body: ByteBuffer(string: #"{"name": "aed", "title": "AED 設置箇所一覧", "owner_org": "bousai", "private": false}"#))
        XCTAssertEqual(created.status, .ok, created.body.string)
        let plus = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_search?q=AED+%E8%A8%AD%E7%BD%AE")
        XCTAssertEqual((try json(plus)["result"] as? [String: Any])?["count"] as? Int, 1, "q=AED+設置 means 'AED 設置'")

        headers.remove(name: .authorization)
        let huge = String(repeating: "避難所案内", count: 6400)
        let longText = try await test.app.sendRequest(.POST, "/132152/api/3/action/package_search", headers: headers,
                                                      body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["q": huge])))
        XCTAssertEqual(longText.status, .conflict)
        XCTAssertNotNil((try json(longText)["error"] as? [String: Any])?["q"])
        let manyTerms = (0..<100).map { "w\($0)" }.joined(separator: " ")
        let terms = try await test.app.sendRequest(.POST, "/132152/api/3/action/package_search", headers: headers,
                                                   body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["q": manyTerms])))
        XCTAssertEqual(terms.status, .conflict)
        let fq = (0..<1000).map { "tags:t\($0)" }.joined(separator: " ")
        let filters = try await test.app.sendRequest(.POST, "/132152/api/3/action/package_search", headers: headers,
                                                     body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["fq": fq])))
        XCTAssertEqual(filters.status, .conflict, "1,000 fq clauses are refused, not a 500")
        XCTAssertNotNil((try json(filters)["error"] as? [String: Any])?["fq"])
        let twenty = (0..<20).map { "tags:t\($0)" }.joined(separator: " AND ")
        let allowed = try await test.app.sendRequest(.POST, "/132152/api/3/action/package_search", headers: headers,
                                                     body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["fq": twenty])))
        XCTAssertEqual(allowed.status, .ok, allowed.body.string)
        // A NUL byte is refused: in a query string by ControlCharacterMiddleware (400), in a JSON body by CKANParams (409).
        let nul = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_show?id=a%00b")
        XCTAssertEqual(nul.status, .badRequest)
        let nulInBody = try await test.app.sendRequest(.POST, "/132152/api/3/action/package_show", headers: headers,
                                                       body: ByteBuffer(string: #"{"id": "a\u0000b"}"#))
        XCTAssertEqual(nulInBody.status, .conflict)
        let health = try await test.app.sendRequest(.GET, "/healthz")
        XCTAssertEqual(health.status, .ok)
    }

    /// Absolute links come from the configured public URL: a forged Host header never reaches
    /// package_show, the DCAT catalogue or a dataset's DCAT.
    func testAbsoluteLinksUseThePublicURLNotTheHostHeader() async throws {
        let token = try await token()
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .authorization, value: token)
        let created = try await test.app.sendRequest(.POST, "/132152/api/action/package_create", headers: headers,
                                                     body: ByteBuffer(string: #"{"name": "aed", "title": "AED", "owner_org": "bousai", "private": false}"#))
        XCTAssertEqual(created.status, .ok, created.body.string)
        let id = try XCTUnwrap((try json(created)["result"] as? [String: Any])?["id"] as? String)
        let link = try await test.app.sendRequest(.POST, "/132152/api/action/resource_create", headers: headers,
                                                  body: ByteBuffer(string: #"{"package_id": "aed", "url": "https://example.org/aed.csv", "name": "AED"}"#))
        XCTAssertEqual(link.status, .ok, link.body.string)
        var evil = HTTPHeaders()
        evil.replaceOrAdd(name: .host, value: "evil.example")
        evil.replaceOrAdd(name: "X-Forwarded-Host", value: "evil.example")
        for path in ["/132152/api/3/action/package_show?id=\(id)", "/132152/api/3/action/package_search", "/132152/api/3/action/status_show",
                     "/132152/catalog.ttl", "/132152/catalog.jsonld", "/132152/dataset/aed.ttl", "/132152/dataset/aed.jsonld"] {
            let response = try await test.app.sendRequest(.GET, path, headers: evil)
            XCTAssertEqual(response.status, .ok, path)
            XCTAssertFalse(response.body.string.contains("evil.example"), path)
            XCTAssertTrue(response.body.string.contains(test.app.madoguchi.configuration.publicURL + "/132152"), path)
        }
    }

    /// An anonymous POST to any CKAN action gets the small default body limit: 413 from the
    /// announced length alone, and, for a chunked body of unknown length, 413 once the limit is
    /// passed while the client is still sending (the body is never buffered whole).
    /// An authenticated upload of a few MiB still goes through.
    func testAnonymousBodiesHaveTheSmallLimitAndOnlyAuthenticatedUploadsTheLarge() async throws {
        try await test.shutdown()
        let (live, port) = try await startLiveServer()
        test = live
        try await test.addDisasterPreventionDepartment()
        let twoMiB = 2 * 1024 * 1024
        for action in ["package_search", "package_create", "resource_create"] {
            // Only the first 64 KiB is sent: the answer comes from the announced length, before the rest.
            let announced = try LiveServer.statusLine(port: port, head: "POST /132152/api/3/action/\(action) HTTP/1.1\r\nHost: x\r\n"
                                                          + "Content-Type: application/json\r\nContent-Length: \(twoMiB)\r\n\r\n",
                                                      body: Data(repeating: 0x20, count: 64 * 1024))
            XCTAssertTrue(announced.contains(action == "resource_create" ? "403" : "413"), "\(action): \(announced)")
        }
        var chunked = Data()
        let chunk = Data(repeating: 0x20, count: 64 * 1024)
        for _ in 0..<24 { chunked.append(Data("10000\r\n".utf8)); chunked.append(chunk); chunked.append(Data("\r\n".utf8)) }
        let streamed = try LiveServer.statusLine(port: port, head: "POST /132152/api/3/action/package_search HTTP/1.1\r\nHost: x\r\n"
                                                     + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", body: chunked)
        XCTAssertTrue(streamed.contains("413"), "a 1.5 MiB chunked body with no end is refused, not waited for: \(streamed)")

        let token = try await token()
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .authorization, value: token)
        let created = try await test.app.sendRequest(.POST, "/132152/api/action/package_create", headers: headers,
                                                     body: ByteBuffer(string: #"{"name": "big", "title": "大きな表", "owner_org": "bousai"}"#))
        XCTAssertEqual(created.status, .ok, created.body.string)
        let boundary = "madoguchi-upload"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"package_id\"\r\n\r\nbig\r\n".utf8)
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8))
        body.append(Data("番号,名称\n".utf8))
        body.append(Data(String(repeating: "1,避難所\n", count: 300_000).utf8))
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        XCTAssertGreaterThan(body.count, 3 * 1024 * 1024)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/132152/api/3/action/resource_create")!)
        request.httpMethod = "POST"
        request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
        request.setValue(token, forHTTPHeaderField: "Authorization")
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200, String(decoding: data.prefix(500), as: UTF8.self))
        let health = try await test.app.sendRequest(.GET, "/healthz")
        XCTAssertEqual(health.status, .ok)
    }
}
