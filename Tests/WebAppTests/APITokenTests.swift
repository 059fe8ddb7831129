import Catalog
import FluentKit
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTVapor

/// API tokens: a draft dataset (where unreviewed personal data may wait for the publish guard) is
/// visible through the CKAN API only to tokens whose owner may edit it now; tokens expire (90 days
/// unless chosen within 1–365), the expiry is on the token screen, and an expired token gets 401.
final class APITokenTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    /// Creates a token on the staff screen; returns the token (nil when refused) and the page.
    private func createToken(_ login: String, days: String? = nil) async throws -> (token: String?, page: XCTHTTPResponse) {
        let browser = Browser(app: test.app)
        _ = try await browser.signIn(login, password: test.password)
        let csrf = try await browser.csrfToken(from: "/132152/staff/api-tokens")
        var form = ["_csrf": csrf, "label": "都カタログ連携"]
        form["days"] = days
        let page = try await browser.post("/132152/staff/api-tokens", form: form)
        guard let start = page.body.string.range(of: #"<code id="new-token">"#) else { return (nil, page) }
        return (String(page.body.string[start.upperBound...].prefix { $0 != "<" }), page)
    }

    private func call(_ action: String, _ query: String, token: String?) async throws -> XCTHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.replaceOrAdd(name: .authorization, value: token) }
        return try await test.app.sendRequest(.GET, "/132152/api/3/action/\(action)?\(query)", headers: headers)
    }

    func testDraftsAreVisibleOnlyToTokensWhoseOwnerMayEditThem() async throws {
        let bosai = try await test.place("department_staff", inDepartment: "bosai")
        try await test.addStaff("kazei", roles: [.departmentStaff], department: "kazei")
        let draft = try await test.app.madoguchi.datasets.create(
            municipalityID: test.kunitachi.requireID(), DatasetInput(name: "hinanjo-draft", title: "避難所（下書き）", departmentID: bosai.requireID()),
            by: .system, origin: .none, on: test.app.db)
        let resource = try await test.app.madoguchi.datasets.addLink(
            to: draft.requireID(), municipalityID: test.kunitachi.requireID(), url: "https://example.jp/hinanjo.csv", name: "一覧",
            format: "CSV", description: "", by: .system, origin: .none, on: test.app.db)
        let resourceID = try resource.requireID().uuidString.lowercased()
        let own = try await createToken("department_staff")
        let other = try await createToken("kazei")
        let administrator = try await createToken("municipality_administrator")

        let expectations: [(String, String?, HTTPStatus)] = [
            ("anonymous", nil, .notFound), ("the dataset's department", own.token, .ok),
            ("another department", other.token, .notFound), ("every department's editor", administrator.token, .ok),
        ]
        for (who, token, status) in expectations {
            let show = try await call("package_show", "id=hinanjo-draft", token: token)
            XCTAssertEqual(show.status, status, "package_show for \(who)")
            let resourceShow = try await call("resource_show", "id=\(resourceID)", token: token)
            XCTAssertEqual(resourceShow.status, status, "resource_show for \(who)")
            if status != .ok { XCTAssertFalse(show.body.string.contains("避難所"), who) }
        }
        // Write actions do not reveal another department's draft either: the same answer as an unknown id.
        for id in ["hinanjo-draft", "no-such-dataset"] {
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .authorization, value: try XCTUnwrap(other.token))
            headers.contentType = .json
            let patch = try await test.app.sendRequest(.POST, "/132152/api/3/action/package_patch", headers: headers,
                                                       body: ByteBuffer(string: #"{"id": "\#(id)", "title": "x"}"#))
            XCTAssertEqual(patch.status, .notFound, "package_patch of \(id) by another department")
            XCTAssertFalse(patch.body.string.contains("another department"))
        }
        // The owner's current permissions count, not those they had when the token was made.
        let found = try await Staff.query(on: test.app.db).filter(\.$loginName == "department_staff").first()
        let owner = try XCTUnwrap(found)
        owner.roles = [.counterStaff]
        try await owner.save(on: test.app.db)
        let afterChange = try await call("package_show", "id=hinanjo-draft", token: own.token)
        XCTAssertEqual(afterChange.status, .notFound)
        // Published datasets stay public.
        _ = try await test.app.madoguchi.datasets.publish(draft.requireID(), municipalityID: test.kunitachi.requireID(), by: .system,
                                                          origin: .none, on: test.app.db)
        let published = try await call("package_show", "id=hinanjo-draft", token: nil)
        XCTAssertEqual(published.status, .ok)
    }

    func testTokensExpireAndTheScreenShowsWhen() async throws {
        let defaulted = try await createToken("municipality_administrator")
        let token = try XCTUnwrap(defaulted.token)
        let first = try await APIToken.query(on: test.app.db).first()
        let row = try XCTUnwrap(first)
        let ninetyDays = Date().addingTimeInterval(90 * 86_400)
        XCTAssertEqual(try XCTUnwrap(row.expiresAt).timeIntervalSince1970, ninetyDays.timeIntervalSince1970, accuracy: 120, "90 days by default")
        XCTAssertTrue(defaulted.page.body.string.contains("有効期限 \(TimeText.minutes(row.expiresAt))"), "the expiry is on the screen")

        for bad in ["0", "366", "-5", "9223372036854775808", "十"] {
            let refused = try await createToken("municipality_administrator", days: bad)
            XCTAssertNil(refused.token, bad)
            XCTAssertEqual(refused.page.status, .unprocessableEntity, bad)
            XCTAssertTrue(refused.page.body.string.contains("「有効期間（日）」"), "the field is named for \(bad)")
        }
        let short = try await createToken("municipality_administrator", days: "1")
        XCTAssertNotNil(short.token)
        let newest = try await APIToken.query(on: test.app.db).sort(\.$createdAt, .descending).first()
        let shortRow = try XCTUnwrap(newest)
        XCTAssertEqual(try XCTUnwrap(shortRow.expiresAt).timeIntervalSinceNow, 86_400, accuracy: 120)

        let valid = try await call("package_delete", "id=none", token: token)
        XCTAssertEqual(valid.status, .notFound, "a valid token gets through to the action")
        row.expiresAt = Date().addingTimeInterval(-60)
        try await row.save(on: test.app.db)
        let expired = try await call("package_delete", "id=none", token: token)
        XCTAssertEqual(expired.status, .unauthorized)
        XCTAssertTrue(expired.body.string.contains("expired"))
        let forged = try await call("package_delete", "id=none", token: "mdg_not-a-token")
        XCTAssertEqual(forged.status, .forbidden)

        let browser = Browser(app: test.app)
        _ = try await browser.signIn("municipality_administrator", password: test.password)
        let screen = try await browser.get("/132152/staff/api-tokens")
        XCTAssertTrue(screen.body.string.contains("期限切れ"), "an expired token is marked on its owner's screen")
    }
}
