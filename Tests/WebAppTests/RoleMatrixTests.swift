import MadoguchiCore
@testable import WebApp
import XCTVapor

/// Every staff route × every role: the roles listed here get through, every other role gets 403.
/// The list is written out by hand, so a change to the access policy must change this test too.
final class RoleMatrixTests: XCTestCase {
    static let everyone = Set(Role.allCases)
    static let administrators: Set<Role> = [.systemAdministrator, .municipalityAdministrator]

    static let expected: [String: Set<Role>] = [
        "GET /:municipality/staff": everyone,
        "GET /:municipality/staff/password": everyone,
        "POST /:municipality/staff/password": everyone,
        "GET /:municipality/staff/audit": [.auditor],
        "GET /:municipality/staff/audit.csv": [.auditor],
        "GET /:municipality/staff/members": administrators,
        "POST /:municipality/staff/members": administrators,
        "GET /:municipality/staff/departments": administrators,
        "POST /:municipality/staff/departments": administrators,
        "GET /:municipality/staff/municipalities": [.systemAdministrator],
        "POST /:municipality/staff/municipalities": [.systemAdministrator],
        "GET /:municipality/staff/counter": [.counterStaff],
        "POST /:municipality/staff/counter": [.counterStaff],
        "GET /:municipality/staff/counter/:session": [.counterStaff],
        "POST /:municipality/staff/counter/:session/answers": [.counterStaff],
        "GET /:municipality/staff/counter/:session/forms": [.counterStaff],
        "GET /:municipality/staff/counter/:session/slip": [.counterStaff],
        "POST /:municipality/staff/counter/:session/delete": [.counterStaff],
        "GET /:municipality/staff/procedures": [.counterStaff, .departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/procedures/:procedure": [.counterStaff, .departmentStaff, .municipalityAdministrator],
        "POST /:municipality/staff/procedures/:procedure": [.departmentStaff, .municipalityAdministrator],
        "POST /:municipality/staff/procedures/:procedure/revert": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/privacy/requests": [.privacyOfficer],
        "GET /:municipality/staff/privacy/requests/new": [.privacyOfficer],
        "POST /:municipality/staff/privacy/requests": [.privacyOfficer],
        "GET /:municipality/staff/privacy/requests/:request": [.privacyOfficer],
        "POST /:municipality/staff/privacy/requests/:request/:action": [.privacyOfficer],
        "GET /:municipality/staff/datasets": [.departmentStaff, .municipalityAdministrator, .privacyOfficer, .systemAdministrator],
        "POST /:municipality/staff/datasets": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "GET /:municipality/staff/datasets/:dataset": [.departmentStaff, .municipalityAdministrator, .privacyOfficer, .systemAdministrator],
        "POST /:municipality/staff/datasets/:dataset": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/datasets/:dataset/resources": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/datasets/:dataset/resources/:resource/protect": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/datasets/:dataset/resources/:resource/validate": [.departmentStaff, .municipalityAdministrator, .privacyOfficer, .systemAdministrator],
        "POST /:municipality/staff/datasets/:dataset/resources/:resource/convert": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/datasets/:dataset/publish": [.municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/datasets/:dataset/publish-override": [.privacyOfficer],
        "GET /:municipality/staff/applications": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/applications.csv": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/applications/:application": [.departmentStaff, .municipalityAdministrator],
        "POST /:municipality/staff/applications/:application/status": [.departmentStaff, .municipalityAdministrator],
        "POST /:municipality/staff/applications/:application/assign": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/applications/:application/attachments/:attachment": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/forms": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/forms/:form": [.departmentStaff, .municipalityAdministrator],
        "POST /:municipality/staff/forms/:form": [.departmentStaff, .municipalityAdministrator],
        "POST /:municipality/staff/forms/:form/revert": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/categories": administrators,
        "POST /:municipality/staff/categories": administrators,
        "GET /:municipality/staff/api-tokens": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/api-tokens": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/api-tokens/:token/revoke": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
    ]

    /// A concrete path for a route pattern: the test municipality, and a well-formed id nobody has
    /// for every other parameter (allowed roles then get 404, denied ones 403).
    static func concrete(_ pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part == ":municipality" ? "132152" : part.hasPrefix(":") ? "00000000-0000-4000-8000-000000000000" : String(part)
        }.joined(separator: "/")
    }

    func testEveryStaffRouteDeclaresAPermissionAndIsInTheMatrix() async throws {
        let test = try await TestApp.make()
        let staffRoutes = test.app.routes.all.filter { route in
            route.path.count > 1 && route.path[1].description == "staff"
        }
        let open: Set<String> = ["GET /:municipality/staff/login", "POST /:municipality/staff/login",
                                 "POST /:municipality/staff/logout"]
        for route in staffRoutes {
            let key = "\(route.method.rawValue) /\(route.path.map(\.description).joined(separator: "/"))"
            if open.contains(key) { continue }
            XCTAssertNotNil(route.userInfo[RouteInfo.permission], "\(key) has no permission")
            XCTAssertNotNil(Self.expected[key], "\(key) is missing from the role matrix test")
        }
        let registered = Set(staffRoutes.map { "\($0.method.rawValue) /\($0.path.map(\.description).joined(separator: "/"))" })
        XCTAssertEqual(Set(Self.expected.keys).subtracting(registered), [], "matrix lists routes that do not exist")
        try await test.shutdown()
    }

    func testEachRoleIsAllowedOrDeniedExactlyAsTheMatrixSays() async throws {
        let test = try await TestApp.make()
        for role in Role.allCases {
            let browser = Browser(app: test.app)
            let signIn = try await browser.signIn(role.rawValue, password: test.password)
            XCTAssertEqual(signIn.status, .seeOther, "sign-in as \(role)")
            let token = try await browser.csrfToken(from: "/132152/staff")
            for (key, allowed) in Self.expected.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: " ")
                let path = Self.concrete(String(parts[1]))
                let response = parts[0] == "GET"
                    ? try await browser.get(path)
                    : try await browser.post(path, form: ["_csrf": token])
                if allowed.contains(role) {
                    XCTAssertNotEqual(response.status, .forbidden, "\(role) should be allowed \(key)")
                    XCTAssertLessThan(response.status.code, 500, "\(role) \(key)")
                } else {
                    XCTAssertEqual(response.status, .forbidden, "\(role) should be denied \(key)")
                }
            }
        }
        try await test.shutdown()
    }

    func testSignedOutVisitorsAreSentToTheSignInForm() async throws {
        let test = try await TestApp.make()
        let browser = Browser(app: test.app)
        for key in Self.expected.keys where key.hasPrefix("GET") {
            let path = Self.concrete(String(key.split(separator: " ")[1]))
            let response = try await browser.get(path)
            XCTAssertEqual(response.status, .seeOther, path)
            XCTAssertEqual(response.headers.first(name: .location), "/132152/staff/login")
        }
        try await test.shutdown()
    }

    func testStaffCannotCrossIntoAnotherMunicipalityButSystemAdministratorsCan() async throws {
        let test = try await TestApp.make()
        let auditor = Browser(app: test.app)
        _ = try await auditor.signIn("auditor", password: test.password)
        let value12 = try await auditor.get("/132152/staff/audit").status
        XCTAssertEqual(value12, .ok)
        let value13 = try await auditor.get("/132233/staff/audit").status
        XCTAssertEqual(value13, .forbidden)

        let admin = Browser(app: test.app)
        _ = try await admin.signIn("system_administrator", password: test.password)
        let value14 = try await admin.get("/132233/staff/municipalities").status
        XCTAssertEqual(value14, .ok)
        try await test.shutdown()
    }
}
