import Foundation
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// The OpenAPI 3.1 document of the JSON APIs: served, complete (every CKAN action and every JSON
/// route), and true of the running server according to schemathesis.
final class OpenAPITests: XCTestCase {
    private func document(_ app: Application) async throws -> [String: Any] {
        let response = try await app.sendRequest(.GET, "/openapi.json")
        XCTAssertEqual(response.status, .ok)
        XCTAssertEqual(response.headers.contentType?.subType, "json")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
    }

    /// Served with the public URL and the municipalities; every CKAN action and every
    /// `/api/v1` route the app registers is described.
    func testTheDocumentIsServedAndCoversEveryJSONRoute() async throws {
        let test = try await makeTestApp()
        let document = try await document(test.app)
        XCTAssertEqual(document["openapi"] as? String, "3.1.0")
        let servers = try XCTUnwrap(document["servers"] as? [[String: Any]])
        XCTAssertEqual(servers.first?["url"] as? String, test.app.madoguchi.configuration.publicURL)
        let components = try XCTUnwrap(document["components"] as? [String: Any])
        let municipality = try XCTUnwrap((components["parameters"] as? [String: Any])?["municipality"] as? [String: Any])
        XCTAssertEqual((municipality["schema"] as? [String: Any])?["enum"] as? [String], ["132152", "132233"])

        let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
        for action in CKANParameters.actions {
            XCTAssertNotNil(paths["/{municipality}/api/3/action/\(action)"], "\(action) is documented")
        }
        XCTAssertEqual(Set(paths.keys.filter { $0.contains("/api/3/action/") }.map { String($0.split(separator: "/").last!) }),
                       Set(CKANParameters.actions), "no action is documented that the server does not implement")
        for route in test.app.routes.all where route.path.contains(.constant("v1")) {
            let path = "/" + route.path.map { component -> String in
                if case .parameter(let name) = component { return "{\(name)}" }
                return component.description
            }.joined(separator: "/")
            let operation = (paths[path]?[route.method.rawValue.lowercased()])
            XCTAssertNotNil(operation, "\(route.method) \(path) is documented")
        }
    }

    /// schemathesis (pinned in python/requirements.txt) against the live server: no 5xx, no dropped
    /// connection, every response as documented. CI (MADOGUCHI_REQUIRE_BROWSER=1) must not skip it.
    func testSchemathesisFindsNoServerErrorAndNoUndocumentedResponse() async throws {
        try PythonPeer.require(modules: "schemathesis", missing: "schemathesis (pip install -r Tests/WebAppTests/python/requirements.txt)")
        let (test, port) = try await startLiveServer()
        try await test.addDisasterPreventionDepartment()
        // With a token whose owner may write, so the write actions are exercised, not only refused.
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("municipality_administrator", password: test.password)
        let csrf = try await browser.csrfToken(from: "/132152/staff/api-tokens")
        let page = try await browser.post("/132152/staff/api-tokens", form: ["_csrf": csrf, "label": "schemathesis"]).body.string
        let start = try XCTUnwrap(page.range(of: #"<code id="new-token">"#))
        let token = String(page[start.upperBound...].prefix { $0 != "<" })
        let (status, output) = try await PythonPeer.run("Tests/WebAppTests/python/run_schemathesis.py", ["http://127.0.0.1:\(port)", "5", token])
        print(output.suffix(1500))
        XCTAssertEqual(status, 0, String(output.suffix(6000)))
        XCTAssertTrue(output.contains("schemathesis: no failures"), String(output.suffix(2000)))
        let health = try await test.app.sendRequest(.GET, "/healthz")
        XCTAssertEqual(health.status, .ok)
    }
}
