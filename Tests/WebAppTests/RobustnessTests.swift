import Foundation
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// No request may stop the server or make it fail: every public route (read from the app's own
/// route table, so a new route is covered without touching this file) and every CKAN action gets
/// extreme values in every parameter it reads. Each answer must be below 500, and the server
/// must still answer `/healthz` afterwards. Runs on SQLite and, with `DATABASE_URL`, PostgreSQL.
final class RobustnessTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws {
        test = try await makeTestApp()
        try await test.addDisasterPreventionDepartment()
    }


    // MARK: - Values

    static let integers = ["-1", "0", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "1e309", "1.5", "abc", ""]
    static let texts = [String(repeating: "a", count: 100_000), String(repeating: "避難所", count: 10_700),
                        (0..<2000).map { "w\($0)" }.joined(separator: " "), #""<>&'"#, "a\u{0}b", "\u{1}\u{7F}", "*:*", "title:x AND (", "%zz"]
    /// JSON values for POST bodies: numbers beyond 64 bits, wrong types, nesting.
    nonisolated(unsafe) static let jsonValues: [Any] = [Int.max, Int.min, -1, 0, 1e308, 1.5, true, NSNull(), [1, 2], ["a": ["b": ["c": ["d": 1]]]],
                                    String(repeating: "避", count: 32_000), "a\u{0}b", #""<>&'"#]

    /// Query parameters of public routes, by the route's last constant path component; every
    /// route also gets `generic`. Integers get `integers`, the rest `texts`.
    static let integerParameters: Set<String> = ["page", "limit", "offset", "rows", "start", "facet.limit", "before", "step"]
    static let generic = ["page", "q", "lang"]
    static let parametersByRoute: [String: [String]] = [
        "dataset": ["q", "page", "tags", "organization", "res_format", "license_id", "groups", "standard_dataset"],
        "catalog.ttl": ["page"], "catalog.jsonld": ["page"],
        "received": ["ref"],
    ]
    /// Parameters of each CKAN action (CKAN's names).
    static let ckanParameters: [String: [String]] = [
        "package_list": ["limit", "offset"], "current_package_list_with_resources": ["limit", "offset"],
        "package_search": ["q", "fq", "sort", "rows", "start", "facet.field", "facet.limit"],
        "package_show": ["id", "name"], "resource_show": ["id"], "organization_show": ["id"], "group_show": ["id"],
        "organization_list": ["all_fields"], "group_list": ["all_fields"],
        "package_create": ["name", "title", "notes", "owner_org", "tags", "groups", "url", "version", "extras", "private"],
        "package_update": ["id", "name", "title", "notes", "owner_org", "tags"], "package_patch": ["id", "title", "notes", "tags"],
        "package_delete": ["id"], "resource_create": ["package_id", "name", "url", "format", "description"],
    ]
    /// A sensible value for each path parameter, so the route's own code runs.
    static let pathValues = ["municipality": "132152", "event": "death", "name": "aed", "form": "move-out", "file": "app.css",
                             "resource": UUID().uuidString, "token": "x", "action": "status_show"]

    // MARK: - Helpers

    private var failures: [String] = []

    private func check(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil, what: String) async throws {
        let response = try await test.app.sendRequest(method, path, headers: headers, body: body)
        if response.status.code >= 500 { failures.append("\(response.status.code) \(method) \(String(path.prefix(120))) [\(what)]") }
    }

    private static func escaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        // "%zz" stays raw: an invalid escape is itself a test value.
        return text == "%zz" ? text : text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private func values(for parameter: String) -> [String] {
        Self.integerParameters.contains(parameter) ? Self.integers + ["1"] : Self.texts
    }

    private func assertServerAnswers(file: StaticString = #filePath, line: UInt = #line) async throws {
        let health = try await test.app.sendRequest(.GET, "/healthz")
        XCTAssertEqual(health.status, .ok, "the server still answers", file: file, line: line)
        XCTAssertEqual(failures, [], "server errors:\n" + failures.prefix(30).joined(separator: "\n"), file: file, line: line)
    }

    /// The public routes: every route that records no staff permission.
    private var publicRoutes: [Route] {
        test.app.routes.all.filter { $0.userInfo[RouteInfo.permission] == nil }
    }

    private func path(_ route: Route, replacing values: [String: String] = [:]) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .constant(let text): return text
            case .parameter(let name): return values[name] ?? Self.pathValues[name] ?? "x"
            case .anything, .catchall: return "x"
            }
        }.joined(separator: "/")
    }

    // MARK: - Tests

    /// Every public GET route with extreme values in its query parameters and its path parameters.
    func testEveryPublicRouteSurvivesExtremeParameters() async throws {
        try await publishOneDataset()
        let routes = publicRoutes.filter { $0.method == .GET }
        XCTAssertGreaterThan(routes.count, 20, "the route table is read")
        for route in routes {
            let constant = route.path.reversed().compactMap { if case .constant(let text) = $0 { return text } else { return nil } }.first ?? ""
            let parameters = Set(Self.generic + (Self.parametersByRoute[constant] ?? []))
            let base = path(route)
            for parameter in parameters.sorted() {
                for value in values(for: parameter) {
                    try await check(.GET, base + "?" + Self.escaped(parameter) + "=" + Self.escaped(value), what: parameter)
                }
            }
            for case .parameter(let name) in route.path where name != "municipality" {
                for value in Self.texts.prefix(5) + ["..", "%2e%2e%2fetc%2fpasswd", "-1"] {
                    try await check(.GET, path(route, replacing: [name: value == "%zz" ? value : Self.escaped(value)]), what: ":\(name)")
                }
            }
        }
        try await assertServerAnswers()
    }

    /// Every CKAN action, by GET and by POST (JSON and form), with extreme values in each of its
    /// parameters, anonymously and with a token whose owner may write.
    func testEveryCKANActionSurvivesExtremeParameters() async throws {
        try await publishOneDataset()
        let token = try await writeToken()
        var json = HTTPHeaders()
        json.contentType = .json
        var authorised = json
        authorised.replaceOrAdd(name: .authorization, value: token)
        for action in CKANParameters.actions {
            let path = "/132152/api/3/action/\(action)"
            for parameter in Self.ckanParameters[action] ?? ["id"] {
                for value in values(for: parameter) {
                    try await check(.GET, path + "?" + Self.escaped(parameter) + "=" + Self.escaped(value), what: parameter)
                }
                for value in Self.jsonValues {
                    var object: [String: Any] = ["name": "robust", "id": "aed", "package_id": "aed"]
                    object[parameter] = value
                    let body = try JSONSerialization.data(withJSONObject: object)
                    try await check(.POST, path, headers: json, body: ByteBuffer(data: body), what: "json \(parameter)")
                    try await check(.POST, path, headers: authorised, body: ByteBuffer(data: body), what: "json+token \(parameter)")
                }
            }
            for raw in [String(repeating: "[", count: 100_000), "{\"a\":" + String(repeating: "[", count: 5000), "1e309", "\"x\"", "[]", "{\"q\": 1e309}"] {
                try await check(.POST, path, headers: json, body: ByteBuffer(string: raw), what: "raw json")
            }
            var form = HTTPHeaders()
            form.contentType = .urlEncodedForm
            try await check(.POST, path, headers: form, body: ByteBuffer(string: "q=%00&rows=-1&limit=1e309&id=" + String(repeating: "a", count: 100_000)),
                            what: "form")
        }
        try await check(.GET, "/132152/api/3/action/" + Self.escaped(String(repeating: "避", count: 32_000)), what: "action name")
        try await assertServerAnswers()
    }

    /// Public POST routes outside the CKAN API (forms, privacy requests, the navigator, sign-in)
    /// with extreme form and JSON values.
    func testPublicPostRoutesSurviveExtremeBodies() async throws {
        let routes = publicRoutes.filter { $0.method == .POST && !$0.path.contains(.parameter("action")) }
        XCTAssertGreaterThan(routes.count, 3)
        var form = HTTPHeaders()
        form.contentType = .urlEncodedForm
        var json = HTTPHeaders()
        json.contentType = .json
        for route in routes {
            let path = path(route)
            for value in Self.texts + Self.integers {
                let fields = ["step", "event_date", "q", "login_name", "password", "receipt_number", "secret", "name", "answer"]
                let body = fields.map { "\($0)=\(Self.escaped(value))" }.joined(separator: "&")
                try await check(.POST, path, headers: form, body: ByteBuffer(string: body), what: "form")
            }
            for value in Self.jsonValues {
                let body = try JSONSerialization.data(withJSONObject: ["event_date": value, "facts": ["x": value]])
                try await check(.POST, path, headers: json, body: ByteBuffer(data: body), what: "json")
            }
            try await check(.POST, path, headers: json, body: ByteBuffer(string: String(repeating: "[", count: 50_000)), what: "nested json")
        }
        try await assertServerAnswers()
    }

    /// The staff audit log's paging cursor and filters, signed in as an auditor.
    func testStaffAuditParametersAreChecked() async throws {
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("auditor", password: test.password)
        for value in Self.integers {
            let response = try await browser.get("/132152/staff/audit?before=" + Self.escaped(value))
            if response.status.code >= 500 { failures.append("\(response.status.code) before=\(value)") }
            if !value.isEmpty { XCTAssertEqual(response.status, value == "9223372036854775807" ? .ok : .badRequest, "before=\(value)") }
        }
        for parameter in ["action", "actor", "target", "from", "until"] {
            for value in Self.texts {
                let response = try await browser.get("/132152/staff/audit?\(parameter)=" + Self.escaped(value))
                if response.status.code >= 500 { failures.append("\(response.status.code) \(parameter)=\(value.prefix(20))") }
            }
        }
        try await assertServerAnswers()
    }

    // MARK: - Fixtures

    private func writeToken() async throws -> String {
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("municipality_administrator", password: test.password)
        let csrf = try await browser.csrfToken(from: "/132152/staff/api-tokens")
        let page = try await browser.post("/132152/staff/api-tokens", form: ["_csrf": csrf, "label": "robustness"])
        let html = page.body.string
        let start = try XCTUnwrap(html.range(of: #"<code id="new-token">"#))
        return String(html[start.upperBound...].prefix { $0 != "<" })
    }

    private func publishOneDataset() async throws {
        let token = try await writeToken()
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .authorization, value: token)
        let created = try await test.app.sendRequest(.POST, "/132152/api/action/package_create", headers: headers,
                                                     body: ByteBuffer(string: #"{"name": "aed", "title": "AED 設置箇所一覧", "owner_org": "bousai", "tags": [{"name": "防災"}], "private": false}"#))
        XCTAssertEqual(created.status, .ok, created.body.string)
    }
}
