import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// The member's own screens as functions: dashboard, staff accounts, API tokens and signed-in sessions.
final class StaffAccountViewTests: XCTestCase {
    let city = UUID()
    lazy var kunitachi = Municipality(id: city, code: try! MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi",
                                      prefecture: "東京都", population: 76_000)
    lazy var admin = Staff(id: UUID(), municipalityID: city, departmentID: nil, loginName: "admin", displayName: "管理 太郎",
                           passwordHash: "-", roles: [.municipalityAdministrator])

    func staffContext(_ language: UILanguage, path: String) -> PageContext {
        viewContext(language, path: path, staff: "管理 太郎",
                    links: [PageContext.Link(title: UIStrings.dashboard, href: "/132152/staff")])
    }

    func testTheDashboardGreetsTheMemberAndListsTheFiguresInBothLanguages() throws {
        let figures = StaffDashboardPage.Figures(staffCount: 9, departmentCount: 3, auditEntryCount: 42)
        for (language, heading, rowHeads) in [(UILanguage.ja, "職員ダッシュボード", ["本日", "年度", "役割", "職員アカウント数", "部署数", "監査ログ件数"]),
                                              (.en, "Staff dashboard", ["Today", "Fiscal year", "Roles", "Staff accounts", "Departments", "Audit log entries"])] {
            let page = try ParsedPage(StaffDashboardPage.render(municipality: kunitachi, staff: admin, figures: figures,
                                                                today: CivilDate(iso: "2026-11-29")!, context: staffContext(language, path: "/132152/staff")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let table = try XCTUnwrap(page.first("table", "class", "summary"))
            XCTAssertEqual(table.all("th").map(\.text), rowHeads)
            XCTAssertEqual(table.all("th").compactMap { $0["scope"] }, Array(repeating: "row", count: rowHeads.count))
            XCTAssertEqual(Array(table.all("td").map(\.text).suffix(3)), ["9", "3", "42"])
            XCTAssertEqual(table.first("caption")?.text, language == .ja ? "国立市" : "Kunitachi")
            // The signed-in layout: the member's navigation and a sign-out form with the CSRF token.
            let signOut = try XCTUnwrap(page.first("form", "class", "sign-out"))
            XCTAssertEqual(signOut["action"], "/132152/staff/logout")
            XCTAssertEqual(page.fieldNames(in: signOut), ["_csrf"])
            XCTAssertNotNil(page.first("nav")?.first("a", "href", "/132152/staff"))
        }
    }

    func testTheMembersScreenListsAccountsAndOffersALabelledFormWithEveryRole() throws {
        let department = Department(id: UUID(), municipalityID: city, code: "bousai", name: "防災安全課", nameEnglish: "Disaster Prevention")
        let input = StaffMembersController.Input(login_name: "new<one>", display_name: nil, password: nil, roles: ["auditor"], department: nil)
        for language in UILanguage.allCases {
            let page = try ParsedPage(StaffMembersPage.render(staff: [admin], departments: [department], problem: nil, input: input, notice: nil,
                                                              context: staffContext(language, path: "/132152/staff/members")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [UIStrings.staffMembers.text(language)])
            XCTAssertEqual(page.first("tbody")?.all("a").compactMap { $0["href"] }, ["/132152/staff/members/\(admin.id!.uuidString)"])
            let form = try XCTUnwrap(page.first("form", "action", "/132152/staff/members"))
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "login_name", "display_name", "password", "department", "roles[]"])
            XCTAssertEqual(form.first("input", "name", "login_name")?["value"], "new<one>")
            XCTAssertEqual(form.all("input", "name", "roles[]").compactMap { $0["value"] }, Role.allCases.map(\.rawValue))
            XCTAssertEqual(form.all("input", "name", "roles[]").filter { $0["checked"] != nil }.compactMap { $0["value"] }, ["auditor"])
            XCTAssertEqual(Role.allCases.compactMap { page.label(of: "role-\($0.rawValue)") }, Role.allCases.map { $0.label.text(language) })
            XCTAssertEqual(form.first("select", "name", "department")?.all("option").map(\.text).last, "防災安全課")
            XCTAssertEqual(form.first("input", "name", "password")?["autocomplete"], "new-password")
        }
    }

    /// A new token is shown once; each token has a revoke form; an expired one says so.
    func testTheTokensScreenShowsANewTokenOnceAndMarksExpiredOnes() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let live = APIToken(), expired = APIToken()
        for (token, label, days) in [(live, "都のカタログ", 30.0), (expired, "old", -1.0)] {
            token.id = UUID(); token.staffID = admin.id!; token.municipalityID = city; token.label = label
            token.tokenHash = SecretToken.hash(label); token.createdAt = now.addingTimeInterval(-86_400 * 2)
            token.expiresAt = now.addingTimeInterval(86_400 * days)
        }
        for language in UILanguage.allCases {
            let page = try ParsedPage(StaffAPITokensPage.render(tokens: [live, expired], created: "mdg_secret-shown-once", problem: nil,
                                                                input: .init(label: nil, days: nil), now: now,
                                                                context: staffContext(language, path: "/132152/staff/api-tokens")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.first("code", "id", "new-token")?.text, "mdg_secret-shown-once")
            let items = try XCTUnwrap(page.first("ul", "id", "tokens")).all("li")
            XCTAssertEqual(items.count, 2)
            XCTAssertEqual(items.compactMap { $0.first("form")?["action"] },
                           [live, expired].map { "/132152/staff/api-tokens/\($0.id!.uuidString.lowercased())/revoke" })
            XCTAssertTrue(items[1].text.contains(language == .ja ? "期限切れ" : "expired"), items[1].text)
            XCTAssertFalse(items[0].text.contains(language == .ja ? "期限切れ" : "expired"), items[0].text)
            let create = try XCTUnwrap(page.first("form", "action", "/132152/staff/api-tokens"))
            XCTAssertEqual(page.fieldNames(in: create), ["_csrf", "label", "days"])
            XCTAssertEqual(create.first("input", "name", "days")?["value"], String(APIToken.defaultLifetimeDays))
        }
        let empty = try ParsedPage(StaffAPITokensPage.render(tokens: [], created: nil, problem: nil, input: .init(label: nil, days: nil),
                                                             now: now, context: staffContext(.ja, path: "/132152/staff/api-tokens")))
        XCTAssertNil(empty.first("code", "id", "new-token"))
        XCTAssertNil(empty.first("ul", "id", "tokens"))
    }

    /// Every session but this browser's has its own end button; one form ends all the others.
    func testTheSessionsScreenOffersToEndEveryOtherSession() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let rows = [StaffSessionsPage.Row(id: "current", signedInAt: now, lastSeenAt: now, isCurrent: true),
                    StaffSessionsPage.Row(id: "other-1", signedInAt: now.addingTimeInterval(-3600), lastSeenAt: now, isCurrent: false)]
        for (language, heading, here) in [(UILanguage.ja, "ログイン中の端末", "この端末"), (.en, "Signed-in devices", "This browser")] {
            let page = try ParsedPage(StaffSessionsPage.render(rows: rows, notice: nil, context: staffContext(language, path: "/132152/staff/sessions")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let cells = try XCTUnwrap(page.first("tbody")).all("tr").map { $0.all("td").last! }
            XCTAssertEqual(cells[0].text, here)
            XCTAssertNil(cells[0].first("form"))
            XCTAssertEqual(cells[1].first("form")?["action"], "/132152/staff/sessions/other-1/end")
            XCTAssertNotNil(page.first("form", "action", "/132152/staff/sessions/others/end"))
            XCTAssertEqual(page.all("form").filter { $0["method"] == "post" }.allSatisfy { page.fieldNames(in: $0).contains("_csrf") }, true)
        }
    }
}
