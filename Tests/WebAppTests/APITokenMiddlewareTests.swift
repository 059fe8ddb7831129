import FluentKit
import Foundation
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// `APITokenMiddleware` over HTTP: the token is read from `Authorization` as CKAN clients send it
/// (the raw token, or `Bearer …`) or from `X-CKAN-API-Key`; a refused token is answered in CKAN's
/// envelope by the actions that need an owner, and ignored by those that need none.
final class APITokenMiddlewareTests: XCTestCase {
    var test: TestApp!
    var token = ""

    override func setUp() async throws {
        test = try await makeTestApp()
        try await test.addDisasterPreventionDepartment()
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("municipality_administrator", password: test.password)
        let csrf = try await browser.csrfToken(from: "/132152/staff/api-tokens")
        let page = try await browser.post("/132152/staff/api-tokens", form: ["_csrf": csrf, "label": "middleware"])
        let html = page.body.string
        let start = try XCTUnwrap(html.range(of: #"<code id="new-token">"#))
        token = String(html[start.upperBound...].prefix { $0 != "<" })
    }

    private func create(_ name: String, header: (name: String, value: String)?) async throws -> XCTHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let header { headers.replaceOrAdd(name: header.name, value: header.value) }
        return try await test.app.sendRequest(.POST, "/132152/api/3/action/package_create", headers: headers,
                                              body: ByteBuffer(string: #"{"name": "\#(name)", "title": "\#(name)", "owner_org": "bousai"}"#))
    }

    private func errorType(_ response: XCTHTTPResponse) -> String? {
        let json = try? JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any]
        return (json?["error"] as? [String: Any])?["__type"] as? String
    }

    func testTheTokenIsReadRawAsBearerOrAsXCKANAPIKey() async throws {
        let raw = try await create("raw", header: ("Authorization", token))
        XCTAssertEqual(raw.status, .ok, raw.body.string)
        let bearer = try await create("bearer", header: ("Authorization", "Bearer \(token)"))
        XCTAssertEqual(bearer.status, .ok, bearer.body.string)
        let lowerCase = try await create("lower-case", header: ("Authorization", "bearer \(token)"))
        XCTAssertEqual(lowerCase.status, .ok, lowerCase.body.string)
        let legacy = try await create("legacy", header: ("X-CKAN-API-Key", token))
        XCTAssertEqual(legacy.status, .ok, legacy.body.string)

        let row = try await APIToken.query(on: test.app.db).filter(\.$tokenHash == APITokens.hash(token)).first()
        XCTAssertNotNil(row?.lastUsedAt, "the use is recorded on the token")
    }

    func testRefusedTokensAreAnsweredByTheActionsThatNeedAnOwner() async throws {
        for header in [nil, ("Authorization", "mdg_wrong"), ("Authorization", "Bearer mdg_wrong"), ("Authorization", "Bearer ")] as [(String, String)?] {
            let refused = try await create("refused", header: header)
            XCTAssertEqual(refused.status, .forbidden, "\(header?.1 ?? "no token"): \(refused.body.string)")
            XCTAssertEqual(errorType(refused), "Authorization Error")
        }
        // A token of another municipality is not valid here.
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .authorization, value: token)
        let elsewhere = try await test.app.sendRequest(.POST, "/132233/api/3/action/package_create", headers: headers,
                                                       body: ByteBuffer(string: #"{"name": "x", "title": "x"}"#))
        XCTAssertEqual(elsewhere.status, .forbidden)

        // Actions that need no owner ignore a bad token, as before; package_show, which looks at the
        // owner (for drafts), refuses it.
        var wrong = HTTPHeaders()
        wrong.replaceOrAdd(name: .authorization, value: "mdg_wrong")
        let search = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_search", headers: wrong)
        XCTAssertEqual(search.status, .ok)
        let show = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_show?id=anything", headers: wrong)
        XCTAssertEqual(show.status, .forbidden)
        XCTAssertEqual(errorType(show), "Authorization Error")
    }
}
