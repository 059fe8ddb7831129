import FluentKit
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTVapor

/// Every staff response says `Cache-Control: no-store`: the downloads (applications.csv, audit.csv,
/// an attachment, the counter printouts) and every other staff page, walked from the registered routes.
final class StaffNoStoreTests: XCTestCase {
    func testEveryStaffDownloadAndPageIsNoStore() async throws {
        try await walk(makeTestApp())
    }

    private func walk(_ test: TestApp) async throws {
        let (moveOut, disaster) = try await test.twoApplications()
        try await test.place("department_staff", inDepartment: "bosai")
        try await test.place("counter_staff", inDepartment: "shimin")
        var browsers: [Role: Browser] = [:]
        for role in Role.allCases {
            let browser = Browser(app: test.app)
            _ = try await browser.signIn(role.rawValue, password: test.password)
            browsers[role] = browser
        }
        let counter = try XCTUnwrap(browsers[.counterStaff])
        let token = try await counter.csrfToken(from: "/132152/staff/counter")
        let created = try await counter.post("/132152/staff/counter", form: [
            "_csrf": token, "event": "death", "event_date": CivilDate.today().adding(days: -2).description, "name": "山田 花子",
            "address": "東京都国立市富士見台2-47-1", "birth_date": "昭和30年1月2日", "sex": "女",
        ])
        let session = try XCTUnwrap(created.headers.first(name: .location))

        let downloads: [(Role, String)] = [
            (.departmentStaff, "/132152/staff/applications.csv?desk=all"), (.departmentStaff, disaster.path), (.departmentStaff, disaster.file),
            (.applicationsSupervisor, moveOut.path), (.auditor, "/132152/staff/audit.csv"),
            (.counterStaff, session + "/forms"), (.counterStaff, session + "/slip"), (.counterStaff, session),
        ]
        for (role, path) in downloads {
            let response = try await XCTUnwrap(browsers[role]).get(path)
            XCTAssertEqual(response.status, .ok, "\(role) \(path)")
            XCTAssertEqual(response.headers.first(name: .cacheControl), "no-store", path)
        }
        let attachment = try await XCTUnwrap(browsers[.departmentStaff]).get(disaster.file)
        XCTAssertTrue(attachment.headers.first(name: .contentDisposition)?.contains("attachment") ?? false, "the walk reached the file itself")

        // Every other staff GET route, as each role the route admits: whatever answers 200 is no-store.
        var answered = 0
        for route in test.app.routes.all where route.method == .GET && route.path.count > 1 && route.path[1].description == "staff" {
            let key = "GET /\(route.path.map(\.description).joined(separator: "/"))"
            for role in RoleMatrixTests.expected[key] ?? [] {
                let response = try await XCTUnwrap(browsers[role]).get(RoleMatrixTests.concrete(key.replacingOccurrences(of: "GET ", with: "")))
                guard response.status == .ok else { continue }
                answered += 1
                XCTAssertEqual(response.headers.first(name: .cacheControl), "no-store", "\(role) \(key)")
            }
        }
        XCTAssertGreaterThan(answered, 20, "the walk reached the staff pages")
        let login = try await test.app.sendRequest(.GET, "/132152/staff/login")
        XCTAssertEqual(login.headers.first(name: .cacheControl), "no-store")
    }
}
