import FluentKit
import Forms
import Foundation
import MadoguchiCore
import Privacy
import SQLKit
@testable import WebApp
import XCTVapor

/// Need-to-know over HTTP: an online application (its detail, attachments, history, status, assignment
/// and CSV row) is seen only by staff of the department that handles the form's procedure, or by the
/// applications supervisor whose every cross-department use is audited; counter sessions only by their
/// opener's department; disclosure requests only by the privacy office. A forbidden id is 404.
final class NeedToKnowTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    private var sql: any SQLDatabase { test.app.db as! any SQLDatabase }

    private func auditActions() async throws -> [String] {
        try await sql.raw("SELECT action FROM audit_entries").all().map { try $0.decode(column: "action", as: String.self) }
    }

    private func signedIn(_ login: String) async throws -> Browser {
        let browser = Browser(app: test.app)
        let response = try await browser.signIn(login, password: test.password)
        XCTAssertEqual(response.status, .seeOther, "sign-in as \(login)")
        return browser
    }

    func testApplicationsAreVisibleOnlyToTheHandlingDepartmentOrTheAuditedSupervisor() async throws {
        let (moveOut, disaster) = try await test.twoApplications()
        try await test.place("department_staff", inDepartment: "shimin")
        try await test.addStaff("kazei", roles: [.departmentStaff], department: "kazei")
        try await test.addStaff("bosai", roles: [.departmentStaff], department: "bosai")

        // 市民課 sees its 転出届 and nothing of 防災安全課's 罹災証明書, whatever the filter says.
        let shimin = try await signedIn("department_staff")
        for inbox in ["/132152/staff/applications", "/132152/staff/applications?desk=all", "/132152/staff/applications?desk=bosai",
                      "/132152/staff/applications?form=disaster-victim-certificate", "/132152/staff/applications.csv",
                      "/132152/staff/applications.csv?desk=all"] {
            let page = try await shimin.get(inbox)
            XCTAssertEqual(page.status, .ok, inbox)
            XCTAssertFalse(page.body.string.contains(disaster.receipt), "\(inbox) lists another department's application")
        }
        let ownInbox = try await shimin.get("/132152/staff/applications?desk=all")
        XCTAssertTrue(ownInbox.body.string.contains(moveOut.receipt))
        let ownCSV = try await shimin.get("/132152/staff/applications.csv")
        XCTAssertTrue(ownCSV.body.string.contains(moveOut.receipt))
        let ownDetail = try await shimin.get(moveOut.path)
        XCTAssertEqual(ownDetail.status, .ok)
        let token = try await shimin.csrfToken(from: moveOut.path)
        for (method, path) in [("GET", disaster.path), ("GET", disaster.file), ("POST", disaster.path + "/status"), ("POST", disaster.path + "/assign")] {
            let response = method == "GET" ? try await shimin.get(path)
                                           : try await shimin.post(path, form: ["_csrf": token, "status": "reviewing"])
            XCTAssertEqual(response.status, .notFound, "\(method) \(path) from another department")
            XCTAssertFalse(response.body.string.contains("山田"))
        }
        let untouched = try await FormApplication.query(on: test.app.db).filter(\.$receiptNumber == disaster.receipt).first()
        XCTAssertEqual(untouched?.status, ApplicationStatus.received.rawValue)
        XCTAssertNil(untouched?.assignedStaffID)

        // 防災安全課 handles it: detail, photo, status.
        let bosai = try await signedIn("bosai")
        let detail = try await bosai.get(disaster.path)
        XCTAssertEqual(detail.status, .ok)
        XCTAssertTrue(detail.body.string.contains("山田 花子"))
        let photo = try await bosai.get(disaster.file)
        XCTAssertEqual(photo.status, .ok)
        let bosaiToken = try await bosai.csrfToken(from: disaster.path)
        let review = try await bosai.post(disaster.path + "/status", form: ["_csrf": bosaiToken, "status": "reviewing"])
        XCTAssertEqual(review.status, .seeOther)
        let bosaiMoveOut = try await bosai.get(moveOut.path)
        XCTAssertEqual(bosaiMoveOut.status, .notFound)

        // A department that handles no form, and staff without a department, see nothing.
        for login in ["kazei", "municipality_administrator"] {
            let browser = try await signedIn(login)
            let csv = try await browser.get("/132152/staff/applications.csv?desk=all")
            XCTAssertFalse(csv.body.string.contains(moveOut.receipt), login)
            XCTAssertFalse(csv.body.string.contains(disaster.receipt), login)
            let detail = try await browser.get(moveOut.path)
            XCTAssertEqual(detail.status, .notFound, login)
        }
        let before = try await auditActions()
        XCTAssertFalse(before.contains(ApplicationScope.crossDepartmentAction), "no department crossed yet")

        // The applications supervisor sees every department's, and each use is in the audit log.
        let supervisor = try await signedIn("applications_supervisor")
        let all = try await supervisor.get("/132152/staff/applications?desk=all")
        XCTAssertTrue(all.body.string.contains(moveOut.receipt))
        XCTAssertTrue(all.body.string.contains(disaster.receipt))
        let crossed = try await supervisor.get(disaster.path)
        XCTAssertEqual(crossed.status, .ok)
        let crossedFile = try await supervisor.get(disaster.file)
        XCTAssertEqual(crossedFile.status, .ok)
        let purposes = try await sql.raw("SELECT details FROM audit_entries WHERE action = \(bind: ApplicationScope.crossDepartmentAction)").all()
            .map { try $0.decode(column: "details", as: String.self) }
        XCTAssertEqual(purposes.count, 3, "the list, the view and the attachment")
        for purpose in ["list", "view", "attachment"] {
            XCTAssertTrue(purposes.contains { $0.contains(purpose) }, purpose)
        }
    }

    func testCounterSessionsAreVisibleToTheirOpenersDepartmentOnly() async throws {
        try await test.place("counter_staff", inDepartment: "shimin")
        try await test.addStaff("shimin2", roles: [.counterStaff], department: "shimin")
        try await test.addStaff("kazei", roles: [.counterStaff], department: "kazei")
        try await test.addStaff("alone", roles: [.counterStaff])
        let opener = try await signedIn("counter_staff")
        let token = try await opener.csrfToken(from: "/132152/staff/counter")
        let created = try await opener.post("/132152/staff/counter", form: [
            "_csrf": token, "event": "death", "event_date": CivilDate.today().adding(days: -2).description, "name": "山田 花子",
            "address": "東京都国立市富士見台2-47-1", "birth_date": "昭和30年1月2日", "sex": "女",
        ])
        let path = try XCTUnwrap(created.headers.first(name: .location))
        let saved = try await CounterSessionReference.first(on: test.app.db)
        let reference = try XCTUnwrap(saved)

        let colleague = try await signedIn("shimin2")
        let list = try await colleague.get("/132152/staff/counter")
        XCTAssertTrue(list.body.string.contains(reference), "a colleague of the same section takes over")
        for suffix in ["", "/forms", "/slip"] {
            let page = try await colleague.get(path + suffix)
            XCTAssertEqual(page.status, .ok, "colleague \(suffix)")
        }
        for login in ["kazei", "alone"] {
            let other = try await signedIn(login)
            let otherList = try await other.get("/132152/staff/counter")
            XCTAssertFalse(otherList.body.string.contains(reference), login)
            for suffix in ["", "/forms", "/slip"] {
                let page = try await other.get(path + suffix)
                XCTAssertEqual(page.status, .notFound, "\(login) \(suffix)")
                XCTAssertFalse(page.body.string.contains("山田"))
            }
            let otherToken = try await other.csrfToken(from: "/132152/staff/counter")
            let answers = try await other.post(path + "/answers", form: ["_csrf": otherToken])
            XCTAssertEqual(answers.status, .notFound, "\(login) answers")
            let delete = try await other.post(path + "/delete", form: ["_csrf": otherToken])
            XCTAssertEqual(delete.status, .notFound, "\(login) delete")
        }
        let still = try await sql.raw("SELECT COUNT(*) AS n FROM counter_sessions").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(still, 1, "nothing deleted from another section")
    }

    func testOnlyThePrivacyOfficeReachesDisclosureRequests() async throws {
        let policy = Modules.accessPolicy
        let city = try test.kunitachi.requireID()
        for role in Role.allCases {
            let scope = PrivacyRequestScope(municipalityID: city, staffID: UUID(), roles: [role], policy: policy)
            XCTAssertEqual(scope != nil, role == .privacyOfficer, "\(role)")
        }
        let request = try await test.app.madoguchi.privacyRequests.register(
            municipalityID: city, kind: .disclosure, receivedOn: .today(), requester: .init(name: "山田 太郎", address: "東京都国立市"),
            subject: "健診記録", actor: .system, on: test.app.db)
        let path = "/132152/staff/privacy/requests/\(try request.requireID().uuidString.lowercased())"
        let officer = try await signedIn("privacy_officer")
        let opened = try await officer.get(path)
        XCTAssertEqual(opened.status, .ok)
        XCTAssertTrue(opened.body.string.contains("山田 太郎"))
        for role in Role.allCases where role != .privacyOfficer {
            let browser = try await signedIn(role.rawValue)
            let response = try await browser.get(path)
            XCTAssertEqual(response.status, .forbidden, "\(role)")
            XCTAssertFalse(response.body.string.contains("山田"))
        }
    }
}

/// The reference (受付番号) of the one saved counter session.
private enum CounterSessionReference {
    static func first(on db: any Database) async throws -> String? {
        try await (db as! any SQLDatabase).raw("SELECT reference FROM counter_sessions").first()?.decode(column: "reference", as: String.self)
    }
}
