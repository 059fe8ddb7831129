import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// One staff account's edit page as a function: the department, the roles with the privileged
/// ones marked, and whether the account may sign in.
final class StaffMemberEditViewTests: XCTestCase {
    let town = UUID()
    let memberID = UUID(uuidString: "ABCDEF01-2345-4678-89AB-CDEF01234567")!

    func testTheEditPageShowsTheDepartmentTheRolesAndTheActiveFlag() throws {
        let citizens = Department(id: UUID(), municipalityID: town, code: "shimin", name: "市民課", nameEnglish: "Citizens")
        let welfare = Department(id: UUID(), municipalityID: town, code: "fukushi", name: "福祉課 <本庁>", nameEnglish: "Welfare")
        let member = Staff(id: memberID, municipalityID: town, departmentID: welfare.id, loginName: "hanako", displayName: "山田 花子",
                           passwordHash: "x", roles: [.departmentStaff, .privacyOfficer])
        member.active = false
        for (language, heading, login, legend) in [(UILanguage.ja, "職員の役割・所属：山田 花子", "ログイン名：hanako", "役割"),
                                                   (.en, "Roles and department: 山田 花子", "Login name: hanako", "Roles")] {
            let page = try ParsedPage(StaffMemberEditPage.render(member: member, departments: [citizens, welfare], problem: nil,
                                                                 context: viewContext(language, path: "/132152/staff/members", staff: "admin")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            XCTAssertTrue(page.main!.text.contains(login))
            let form = try XCTUnwrap(page.first("form", "action", "/132152/staff/members/abcdef01-2345-4678-89ab-cdef01234567"))
            XCTAssertEqual(form["method"], "post")
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "department", "roles[]", "active"])
            XCTAssertEqual(page.label(of: "department"), language == .ja ? "部署" : "Departments")
            let department = try XCTUnwrap(form.first("select", "name", "department"))
            XCTAssertEqual(department.all("option").compactMap { $0["value"] }, ["", citizens.id!.uuidString, welfare.id!.uuidString])
            XCTAssertEqual(department.all("option").map(\.text), [language == .ja ? "（なし）" : "(none)", "市民課", "福祉課 <本庁>"])
            XCTAssertEqual(department.first("option", "selected", "selected")?.text, "福祉課 <本庁>")

            let roles = try XCTUnwrap(page.first("fieldset", "id", "roles"))
            XCTAssertEqual(roles.first("legend")?.text, legend)
            XCTAssertEqual(roles.all("input").compactMap { $0["value"] }, Role.allCases.map(\.rawValue))
            XCTAssertEqual(Set(roles.all("input").filter { $0["checked"] != nil }.compactMap { $0["value"] }), ["department_staff", "privacy_officer"])
            for role in Role.allCases {
                XCTAssertEqual(page.label(of: "role-\(role.rawValue)"), role.label.text(language) + (role.isPrivileged ? "＊" : ""))
            }
            XCTAssertTrue(page.label(of: "role-privacy_officer")!.hasSuffix("＊"), "a privileged role is marked")
            XCTAssertNil(form.first("input", "name", "active")?["checked"], "an inactive account is not ticked")
            XCTAssertEqual(page.label(of: "active"), language == .ja ? "利用中（サインインできる）" : "Active (may sign in)")
        }
    }

    func testAProblemIsAnnouncedAndAnActiveAccountIsTicked() throws {
        let member = Staff(id: memberID, municipalityID: town, departmentID: nil, loginName: "taro", displayName: "国立 太郎",
                           passwordHash: "x", roles: [])
        let problem = FieldProblem(field: "roles", message: LocalizedText(ja: "この役割はシステム管理者だけが付与できます", en: "Only a system administrator may grant this role"))
        let page = try ParsedPage(StaffMemberEditPage.render(member: member, departments: [], problem: problem,
                                                             context: viewContext(.ja, path: "/132152/staff/members", staff: "admin")))
        page.assertWellFormedPage(lang: "ja")
        let alert = try XCTUnwrap(page.first("div", "role", "alert"))
        XCTAssertEqual(alert.first("a")?["href"], "#roles")
        XCTAssertEqual(alert.first("a")?.text, "この役割はシステム管理者だけが付与できます")
        XCTAssertEqual(page.first("select", "name", "department")?.first("option", "selected", "selected")?["value"], nil)
        XCTAssertTrue(page.first("fieldset", "id", "roles")!.all("input").allSatisfy { $0["checked"] == nil })
        XCTAssertNotNil(page.first("input", "name", "active")?["checked"])
    }
}
