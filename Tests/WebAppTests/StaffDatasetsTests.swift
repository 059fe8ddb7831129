import Foundation
import MadoguchiCore
import SQLKit
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// Publishing open data through the staff screens: the privacy scanner blocks personal data until a
/// privacy officer overrides with a reason; aggregated tables get a small-cell protected copy.
final class StaffDatasetsTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws {
        test = try await TestApp.make()
        _ = try await test.app.madoguchi.municipalities.addDepartment(to: test.kunitachi, code: "seisaku", name: "政策経営課", nameEnglish: "Policy",
                                                                      by: .system, origin: .none, on: test.app.db)
    }

    override func tearDown() async throws { try await test.shutdown() }

    private func upload(_ browser: Browser, to path: String, fileName: String, content: String) async throws -> XCTHTTPResponse {
        let token = try await browser.csrfToken(from: path)
        let boundary = "----madoguchi-test-boundary"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n"
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        return try await test.app.sendRequest(.POST, path + "/resources", headers: headers, body: ByteBuffer(string: body))
    }

    private func draft(_ browser: Browser, name: String, title: String) async throws -> String {
        let token = try await browser.csrfToken(from: "/132152/staff/datasets")
        let created = try await browser.post("/132152/staff/datasets", form: ["_csrf": token, "name": name, "title": title])
        XCTAssertEqual(created.status, .seeOther, created.body.string)
        return try XCTUnwrap(created.headers.first(name: .location))
    }

    func testPersonalDataBlocksPublicationUntilAPrivacyOfficerOverrides() async throws {
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let path = try await draft(admin, name: "participants", title: "講座参加者一覧")
        let uploaded = try await upload(admin, to: path, fileName: "participants.csv", content: "氏名,生年月日\n山田 太郎,1980-04-01\n")
        XCTAssertEqual(uploaded.status, .seeOther, uploaded.body.string)

        let token = try await admin.csrfToken(from: path)
        let blocked = try await admin.post(path + "/publish", form: ["_csrf": token])
        XCTAssertEqual(blocked.status, .unprocessableEntity)
        XCTAssertTrue(blocked.body.string.contains("公開を止めました"))
        XCTAssertTrue(blocked.body.string.contains("participants.csv"))
        XCTAssertFalse(blocked.body.string.contains("山田"), "findings never repeat the personal value")

        let officer = Browser(app: test.app)
        _ = try await officer.signIn("privacy_officer", password: test.password)
        let otoken = try await officer.csrfToken(from: path)
        let noReason = try await officer.post(path + "/publish-override", form: ["_csrf": otoken, "reason": " "])
        XCTAssertEqual(noReason.status, .unprocessableEntity)
        XCTAssertTrue(noReason.body.string.contains("「公開を認める理由」を入力してください"))
        let approved = try await officer.post(path + "/publish-override", form: ["_csrf": otoken, "reason": "本人の同意を得た名簿"])
        XCTAssertEqual(approved.status, .ok, approved.body.string)
        XCTAssertTrue(approved.body.string.contains("公開しました"))
        let sql = test.app.db as! any SQLDatabase
        let details = try await sql.raw("SELECT details FROM audit_entries WHERE action = 'catalog.dataset.publish'").all()
            .map { try $0.decode(column: "details", as: String.self) }
        XCTAssertTrue(details.joined().contains("本人の同意を得た名簿"))
    }

    func testFacilityListsPublishAndTablesGetAProtectedCopy() async throws {
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let path = try await draft(admin, name: "population", title: "町丁別・年齢別人口")
        let table = "町丁,0-14歳,15-64歳,65歳以上,計\n富士見台1丁目,2,120,40,162\n富士見台2丁目,15,1,30,46\n計,17,121,70,208\n"
        _ = try await upload(admin, to: path, fileName: "population.csv", content: table)
        let page = try await admin.get(path)
        let action = try XCTUnwrap(page.body.string.range(of: #"/132152/staff/datasets/[0-9a-f-]{36}/resources/[0-9a-f-]{36}/protect"#,
                                                          options: .regularExpression))
        let token = try await admin.csrfToken(from: path)
        let protected = try await admin.post(String(page.body.string[action]), form: ["_csrf": token])
        XCTAssertEqual(protected.status, .ok, protected.body.string)
        XCTAssertTrue(protected.body.string.contains("一次秘匿2件"), protected.body.string)
        XCTAssertTrue(protected.body.string.contains("秘匿処理済み"))
        let published = try await admin.post(path + "/publish", form: ["_csrf": token])
        XCTAssertEqual(published.status, .ok, "counts are not personal data: \(published.body.string)")
    }
}
