import FluentKit
import Foundation
import MadoguchiCore
import SQLKit
@testable import WebApp
import XCTVapor

/// Every staff route × every role: the roles listed here get through, every other role gets 403.
/// The list is written out by hand, so a change to the access policy must change this test too.
final class RoleMatrixTests: XCTestCase {
    static let everyone = Set(Role.allCases)
    static let administrators: Set<Role> = [.systemAdministrator, .municipalityAdministrator]
    /// Who reaches the applications back office at all; which applications each sees is `ApplicationScope`'s (below).
    static let reviewers: Set<Role> = [.departmentStaff, .municipalityAdministrator, .applicationsSupervisor]

    static let expected: [String: Set<Role>] = [
        "GET /:municipality/staff": everyone,
        "GET /:municipality/staff/password": everyone,
        "POST /:municipality/staff/password": everyone,
        "GET /:municipality/staff/sessions": everyone,
        "POST /:municipality/staff/sessions/others/end": everyone,
        "POST /:municipality/staff/sessions/:session/end": everyone,
        "GET /:municipality/staff/audit": [.auditor],
        "GET /:municipality/staff/audit.csv": [.auditor],
        "GET /:municipality/staff/members": administrators,
        "POST /:municipality/staff/members": administrators,
        "GET /:municipality/staff/members/:staff": administrators,
        "POST /:municipality/staff/members/:staff": administrators,
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
        "POST /:municipality/staff/datasets/exports/:export": [.municipalityAdministrator, .systemAdministrator],
        "GET /:municipality/staff/applications": reviewers,
        "GET /:municipality/staff/applications.csv": reviewers,
        "GET /:municipality/staff/applications/:application": reviewers,
        "POST /:municipality/staff/applications/:application/status": reviewers,
        "POST /:municipality/staff/applications/:application/assign": reviewers,
        "GET /:municipality/staff/applications/:application/attachments/:attachment": reviewers,
        "GET /:municipality/staff/forms": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/forms/:form": [.departmentStaff, .municipalityAdministrator],
        "POST /:municipality/staff/forms/:form": [.departmentStaff, .municipalityAdministrator],
        "POST /:municipality/staff/forms/:form/revert": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/categories": administrators,
        "POST /:municipality/staff/categories": administrators,
        "GET /:municipality/staff/api-tokens": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/api-tokens": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/api-tokens/:token/revoke": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "GET /:municipality/staff/indicators": [.departmentStaff, .municipalityAdministrator, .auditor],
        "POST /:municipality/staff/indicators/values": [.departmentStaff, .municipalityAdministrator],
        "POST /:municipality/staff/indicators/changes/:change/revert": [.departmentStaff, .municipalityAdministrator],
        "GET /:municipality/staff/measures": [.departmentStaff, .municipalityAdministrator, .auditor],
        "GET /:municipality/staff/measures/:measure": [.departmentStaff, .municipalityAdministrator, .auditor],
        "GET /:municipality/staff/measures/:measure/sheet.csv": [.departmentStaff, .municipalityAdministrator, .auditor],
        "GET /:municipality/staff/measures/:measure/evaluation": [.municipalityAdministrator],
        "POST /:municipality/staff/measures/:measure/evaluation": [.municipalityAdministrator],
        "GET /:municipality/staff/programmes/:programme": [.departmentStaff, .municipalityAdministrator, .auditor],
        "GET /:municipality/staff/programmes/:programme/sheet.csv": [.departmentStaff, .municipalityAdministrator, .auditor],
        "GET /:municipality/staff/measures/new": [.municipalityAdministrator],
        "POST /:municipality/staff/measures": [.municipalityAdministrator],
        "GET /:municipality/staff/measures/:measure/edit": [.municipalityAdministrator],
        "POST /:municipality/staff/measures/:measure/edit": [.municipalityAdministrator],
        "GET /:municipality/staff/measures/:measure/history": [.departmentStaff, .municipalityAdministrator, .auditor],
        "POST /:municipality/staff/measures/:measure/history/:version/restore": [.municipalityAdministrator],
        "GET /:municipality/staff/programmes/new": [.municipalityAdministrator],
        "POST /:municipality/staff/programmes": [.municipalityAdministrator],
        "GET /:municipality/staff/programmes/:programme/edit": [.municipalityAdministrator],
        "POST /:municipality/staff/programmes/:programme/edit": [.municipalityAdministrator],
        "GET /:municipality/staff/programmes/:programme/history": [.departmentStaff, .municipalityAdministrator, .auditor],
        "POST /:municipality/staff/programmes/:programme/history/:version/restore": [.municipalityAdministrator],
        "GET /:municipality/staff/trends": [.departmentStaff, .municipalityAdministrator, .auditor],
        "GET /:municipality/staff/surveys": [.departmentStaff, .municipalityAdministrator, .auditor],
        "GET /:municipality/staff/surveys/new": [.municipalityAdministrator],
        "POST /:municipality/staff/surveys": [.municipalityAdministrator],
        "GET /:municipality/staff/surveys/:survey": [.departmentStaff, .municipalityAdministrator, .auditor],
        "POST /:municipality/staff/surveys/:survey/codes": [.municipalityAdministrator],
        "POST /:municipality/staff/surveys/:survey/state": [.municipalityAdministrator],
        "GET /:municipality/staff/notices": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "GET /:municipality/staff/notices/new": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/notices": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "GET /:municipality/staff/notices/:notice": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/notices/:notice": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/notices/:notice/publish": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/notices/:notice/approve": administrators,
        "GET /:municipality/staff/notices/:notice/attachments": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/notices/:notice/attachments": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/notices/:notice/attachments/:attachment/remove": [.departmentStaff, .municipalityAdministrator, .systemAdministrator],
        "GET /:municipality/staff/notices/areas": administrators,
        "POST /:municipality/staff/notices/areas": administrators,
        "GET /:municipality/staff/alerts": administrators,
        "POST /:municipality/staff/alerts": administrators,
        "POST /:municipality/staff/alerts/:alert": administrators,
        "POST /:municipality/staff/alerts/:alert/lift": administrators,
        "GET /:municipality/staff/webhooks": administrators,
        "POST /:municipality/staff/webhooks": administrators,
        "GET /:municipality/staff/webhooks/:webhook": administrators,
        "POST /:municipality/staff/webhooks/:webhook": administrators,
        "POST /:municipality/staff/webhooks/:webhook/rotate": administrators,
        "GET /:municipality/staff/shelters": [.departmentStaff, .counterStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/shelters/import": administrators,
        "GET /:municipality/staff/shelters/:shelter": [.departmentStaff, .counterStaff, .municipalityAdministrator, .systemAdministrator],
        "POST /:municipality/staff/shelters/:shelter": [.departmentStaff, .counterStaff, .municipalityAdministrator, .systemAdministrator],
    ]

    /// A concrete path for a route pattern: the test municipality, and a well-formed id nobody has
    /// for every other parameter (allowed roles then get 404, denied ones 403).
    static func concrete(_ pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part == ":municipality" ? "132152" : part.hasPrefix(":") ? "00000000-0000-4000-8000-000000000000" : String(part)
        }.joined(separator: "/")
    }

    func testEveryStaffRouteDeclaresAPermissionAndIsInTheMatrix() async throws {
        let test = try await makeTestApp()
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
    }

    func testEachRoleIsAllowedOrDeniedExactlyAsTheMatrixSays() async throws {
        let test = try await makeTestApp()
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
    }

    func testSignedOutVisitorsAreSentToTheSignInForm() async throws {
        let test = try await makeTestApp()
        let browser = Browser(app: test.app)
        for key in Self.expected.keys where key.hasPrefix("GET") {
            let path = Self.concrete(String(key.split(separator: " ")[1]))
            let response = try await browser.get(path)
            XCTAssertEqual(response.status, .seeOther, path)
            XCTAssertEqual(response.headers.first(name: .location), "/132152/staff/login")
        }
    }

    func testStaffCannotCrossIntoAnotherMunicipalityButSystemAdministratorsCan() async throws {
        let test = try await makeTestApp()
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
    }
}

/// Need-to-know and separation of duties, role by role, with real records: a 罹災証明書 with a photo
/// handled by 防災安全課, a counter session opened by 市民課, a disclosure request. Besides every role
/// (the role accounts; 所管課職員 sits in 防災安全課, 窓口職員 in 市民課), staff of another department of
/// the same municipality (課税課) are tried. 200 = sees it, 404 = the record does not exist for them,
/// 403 = the route is not theirs.
extension RoleMatrixTests {
    enum Viewer: Hashable, CustomStringConvertible {
        case role(Role)
        case otherDepartment(Role)
        var login: String {
            switch self {
            case .role(let role): return role.rawValue
            case .otherDepartment(let role): return "kazei-" + role.rawValue
            }
        }
        var description: String { login }
    }

    static var actors: [Viewer] {
        Role.allCases.map(Viewer.role) + [.otherDepartment(.departmentStaff), .otherDepartment(.counterStaff)]
    }

    /// What each actor gets from the application routes: the detail page, the photo, a status change
    /// (an empty one: 422 when allowed, nothing changes), assignment, and whether the inbox and the CSV list it.
    static func applicationExpectation(_ actor: Viewer) -> (record: HTTPStatus, listed: Bool?) {
        switch actor {
        case .role(.departmentStaff), .role(.applicationsSupervisor): return (.ok, true)
        case .role(.municipalityAdministrator), .otherDepartment(.departmentStaff): return (.notFound, false)
        default: return (.forbidden, nil)
        }
    }

    static func counterExpectation(_ actor: Viewer) -> HTTPStatus {
        switch actor {
        case .role(.counterStaff): return .ok
        case .otherDepartment(.counterStaff): return .notFound
        default: return .forbidden
        }
    }

    /// Runs `body` with a fresh app (shut down by `makeTestApp`'s teardown block however `body` ends).
    func withTestApp(_ body: (TestApp) async throws -> Void) async throws {
        try await body(makeTestApp())
    }

    func testApplicationsCounterSessionsAndRequestsPerRoleAndDepartment() async throws { try await withTestApp { test in
        let (_, disaster) = try await test.twoApplications()
        try await test.place("department_staff", inDepartment: "bosai")
        try await test.place("counter_staff", inDepartment: "shimin")
        try await test.addStaff("kazei-department_staff", roles: [.departmentStaff], department: "kazei")
        try await test.addStaff("kazei-counter_staff", roles: [.counterStaff], department: "kazei")
        let opener = Browser(app: test.app)
        _ = try await opener.signIn("counter_staff", password: test.password)
        let counterToken = try await opener.csrfToken(from: "/132152/staff/counter")
        let created = try await opener.post("/132152/staff/counter", form: [
            "_csrf": counterToken, "event": "death", "event_date": CivilDate.today().adding(days: -2).description, "name": "山田 花子",
            "address": "東京都国立市富士見台2-47-1", "birth_date": "昭和30年1月2日", "sex": "女",
        ])
        let session = try XCTUnwrap(created.headers.first(name: .location))
        let request = try await test.app.madoguchi.privacyRequests.register(
            municipalityID: test.kunitachi.requireID(), kind: .disclosure, receivedOn: .today(),
            requester: .init(name: "山田 太郎", address: "東京都国立市"), subject: "健診記録", actor: .system, on: test.app.db)
        let requestPath = "/132152/staff/privacy/requests/\(try request.requireID().uuidString.lowercased())"

        for actor in Self.actors {
            let browser = Browser(app: test.app)
            let signIn = try await browser.signIn(actor.login, password: test.password)
            XCTAssertEqual(signIn.status, .seeOther, "sign-in as \(actor)")
            let token = try await browser.csrfToken(from: "/132152/staff")

            let (record, listed) = Self.applicationExpectation(actor)
            for path in [disaster.path, disaster.file] {
                let status = try await browser.get(path).status
                XCTAssertEqual(status, record, "\(actor) GET \(path)")
            }
            let status = try await browser.post(disaster.path + "/status", form: ["_csrf": token, "status": ""]).status
            XCTAssertEqual(status, record == .ok ? .unprocessableEntity : record, "\(actor) POST status")
            let assign = try await browser.post(disaster.path + "/assign", form: ["_csrf": token]).status
            XCTAssertEqual(assign, record == .ok ? .seeOther : record, "\(actor) POST assign")
            for list in ["/132152/staff/applications?desk=all", "/132152/staff/applications.csv?desk=all"] {
                let response = try await browser.get(list)
                if let listed {
                    XCTAssertEqual(response.status, .ok, "\(actor) \(list)")
                    XCTAssertEqual(response.body.string.contains(disaster.receipt), listed, "\(actor) \(list)")
                } else {
                    XCTAssertEqual(response.status, .forbidden, "\(actor) \(list)")
                }
            }

            let counter = Self.counterExpectation(actor)
            for suffix in ["", "/forms", "/slip"] {
                let status = try await browser.get(session + suffix).status
                XCTAssertEqual(status, counter, "\(actor) GET counter session\(suffix)")
            }
            if counter != .ok {
                let delete = try await browser.post(session + "/delete", form: ["_csrf": token]).status
                XCTAssertEqual(delete, counter, "\(actor) POST counter session delete")
            }

            let privacy = try await browser.get(requestPath).status
            XCTAssertEqual(privacy, actor == .role(.privacyOfficer) ? .ok : .forbidden, "\(actor) GET disclosure request")
        }
    } }

    /// Privileged roles (auditor, privacy officer, system administrator, applications supervisor) are
    /// granted, removed or deactivated only by a system administrator, on creation and on edit, and
    /// each grant is flagged in the audit log.
    func testOnlyTheSystemAdministratorGrantsPrivilegedRolesAndEachGrantIsFlagged() async throws { try await withTestApp { test in
        let sql = test.app.db as! any SQLDatabase
        func flagged() async throws -> [String] {
            try await sql.raw("SELECT details FROM audit_entries WHERE action = \(bind: StaffRoleGrants.privilegedGrantAction)").all()
                .map { try $0.decode(column: "details", as: String.self) }
        }
        func account(_ login: String) async throws -> Staff? {
            try await Staff.query(on: test.app.db).filter(\.$loginName == login).first()
        }
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let token = try await admin.csrfToken(from: "/132152/staff/members")
        for role in Role.allCases where role.isPrivileged {
            let response = try await admin.post("/132152/staff/members", form: [
                "_csrf": token, "login_name": "new-\(role.rawValue)", "display_name": "新規", "password": "a long enough password",
                "roles[]": role.rawValue])
            XCTAssertEqual(response.status, .forbidden, "a municipality administrator grants \(role)")
            XCTAssertTrue(response.body.string.contains("「役割」"), "the field is named")
            let created = try await account("new-\(role.rawValue)")
            XCTAssertNil(created, "no account with \(role)")
        }
        let ordinary = try await admin.post("/132152/staff/members", form: [
            "_csrf": token, "login_name": "new-clerk", "display_name": "新規", "password": "a long enough password", "roles[]": "department_staff"])
        XCTAssertEqual(ordinary.status, .ok)
        let clerkAccount = try await account("new-clerk")
        let clerk = try XCTUnwrap(clerkAccount)
        let clerkPath = "/132152/staff/members/\(try clerk.requireID().uuidString.lowercased())"
        let promote = try await admin.post(clerkPath, form: ["_csrf": token, "roles[]": "auditor", "active": "on"])
        XCTAssertEqual(promote.status, .forbidden, "nor on edit")
        let unchanged = try await account("new-clerk")
        XCTAssertEqual(unchanged?.roles, [.departmentStaff])
        let auditorAccount = try await account("auditor")
        let auditor = try XCTUnwrap(auditorAccount)
        let auditorPath = "/132152/staff/members/\(try auditor.requireID().uuidString.lowercased())"
        let demote = try await admin.post(auditorPath, form: ["_csrf": token, "roles[]": "department_staff", "active": "on"])
        XCTAssertEqual(demote.status, .forbidden, "removing the auditor is not theirs either")
        let silence = try await admin.post(auditorPath, form: ["_csrf": token, "roles[]": "auditor"])
        XCTAssertEqual(silence.status, .forbidden, "nor deactivating the auditor")
        let auditorAfter = try await account("auditor")
        XCTAssertEqual(auditorAfter?.roles, [.auditor])
        XCTAssertEqual(auditorAfter?.active, true)
        let moved = try await admin.post(clerkPath, form: ["_csrf": token, "roles[]": "counter_staff", "active": "on"])
        XCTAssertEqual(moved.status, .seeOther, "ordinary roles stay the municipality administrator's")
        let noFlags = try await flagged()
        XCTAssertEqual(noFlags, [])

        let system = Browser(app: test.app)
        _ = try await system.signIn("system_administrator", password: test.password)
        let systemToken = try await system.csrfToken(from: "/132152/staff/members")
        let created = try await system.post("/132152/staff/members", form: [
            "_csrf": systemToken, "login_name": "new-auditor", "display_name": "新規", "password": "a long enough password", "roles[]": "auditor"])
        XCTAssertEqual(created.status, .ok)
        let newAuditor = try await account("new-auditor")
        XCTAssertEqual(newAuditor?.roles, [.auditor])
        let granted = try await system.post(clerkPath, form: ["_csrf": systemToken, "roles[]": "privacy_officer", "active": "on"])
        XCTAssertEqual(granted.status, .seeOther)
        let flags = try await flagged()
        XCTAssertEqual(flags.count, 2, "one flagged entry per privileged grant")
        XCTAssertTrue(flags.contains { $0.contains("auditor") })
        XCTAssertTrue(flags.contains { $0.contains("privacy_officer") })
        let auditorBrowser = Browser(app: test.app)
        _ = try await auditorBrowser.signIn("auditor", password: test.password)
        let auditScreen = try await auditorBrowser.get("/132152/staff/audit")
        XCTAssertTrue(auditScreen.body.string.contains(StaffRoleGrants.privilegedGrantAction), "shown on the audit screen")
    } }
}
