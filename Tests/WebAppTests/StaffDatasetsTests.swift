import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MadoguchiCore
import SQLKit
import Vapor
@testable import WebApp
import XCTVapor
import XCTest
import Catalog

/// Publishing open data through the staff screens: the privacy scanner blocks personal data until a
/// privacy officer overrides with a reason; aggregated tables get a small-cell protected copy.
final class StaffDatasetsTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws {
        test = try await makeTestApp()
        _ = try await test.app.madoguchi.municipalities.addDepartment(to: test.kunitachi, code: "seisaku", name: "政策経営課", nameEnglish: "Policy",
                                                                      by: .system, origin: .none, on: test.app.db)
    }


    private func upload(_ browser: Browser, to path: String, fileName: String, content: String) async throws -> XCTHTTPResponse {
        try await upload(browser, to: path, fileName: fileName, data: Data(content.utf8))
    }

    private func upload(_ browser: Browser, to path: String, fileName: String, data: Data) async throws -> XCTHTTPResponse {
        let token = try await browser.csrfToken(from: path)
        let boundary = "----madoguchi-test-boundary"
        var body = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        return try await test.app.sendRequest(.POST, path + "/resources", headers: headers, body: body)
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

    /// An upload-sized body is read only inside a staff session: without one, the body is refused once
    /// it passes the default limit (413), before the CSRF check and the sign-in check; a signed-in
    /// upload of the same size still goes through.
    func testUploadSizedBodiesAreReadOnlyForSignedInStaff() async throws {
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let path = try await draft(admin, name: "big", title: "大きな表")
        let rows = String(repeating: "富士見台1丁目,1\n", count: 110_000)   // ~2.3 MB, over the 1 MiB default
        // Over a real socket (the in-memory test client hands the body over already read).
        let port = try await test.startServer()
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)/resources")!)
        request.httpMethod = "POST"
        request.setValue("multipart/form-data; boundary=x", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n町丁,件数\n" + rows + "\r\n--x--\r\n").utf8)
        let (_, anonymous) = try await URLSession.shared.data(for: request)
        await test.app.server.shutdown()
        XCTAssertEqual((anonymous as? HTTPURLResponse)?.statusCode, 413, "no staff session: refused past the default limit")
        let signedIn = try await upload(admin, to: path, fileName: "big.csv", content: "町丁,件数\n" + rows)
        XCTAssertLessThan(signedIn.status.code, 400, signedIn.body.string.prefix(300).description)
    }

    /// The open-data indicator counts people, not requests: the same client downloading a file again the
    /// same day is not counted again; another client is. No client address is stored.
    func testADownloadCountsOncePerClientPerDay() async throws {
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let path = try await draft(admin, name: "facilities", title: "公共施設一覧")
        _ = try await upload(admin, to: path, fileName: "facilities.csv", content: "名称,住所\n市役所,国立市富士見台2-47-1\n")
        let token = try await admin.csrfToken(from: path)
        let published = try await admin.post(path + "/publish", form: ["_csrf": token])
        XCTAssertEqual(published.status, .ok, published.body.string)
        let page = try await test.app.sendRequest(.GET, "/132152/dataset/facilities").body.string
        let link = try XCTUnwrap(page.range(of: #"/132152/dataset/[0-9a-f-]{36}/resource/[0-9a-f-]{36}/download/[^"]+"#, options: .regularExpression))
        let url = String(page[link])
        for agent in ["browser-a", "browser-a", "browser-a", "browser-b"] {
            let file = try await test.app.sendRequest(.GET, url, headers: ["User-Agent": agent])
            XCTAssertEqual(file.status, .ok)
            XCTAssertTrue(file.body.string.contains("市役所"))
        }
        let sql = test.app.db as! any SQLDatabase
        let counts = try await sql.raw("SELECT count FROM catalog_download_counts").all().map { try $0.decode(column: "count", as: Int.self) }
        XCTAssertEqual(counts, [2], "three downloads by one client and one by another count as two")
        let markers = try await sql.raw("SELECT client FROM catalog_download_clients").all().map { try $0.decode(column: "client", as: String.self) }
        XCTAssertEqual(markers.count, 2)
        XCTAssertTrue(markers.allSatisfy { $0.range(of: "^[0-9a-f]{32}$", options: .regularExpression) != nil }, "only keyed hashes are stored")

        // The field keys change the same day (a new current key, the old one kept): the hash of a
        // client is now made under the new key, and a client already counted is still not counted again.
        let rotated = try await test.restarted(fieldKeys: TestApp.fieldKeys + ",*" + KeyRotationTests.newKey)
        addTeardownBlock { try await rotated.shutdown() }
        for agent in ["browser-a", "browser-b", "browser-c", "browser-c"] {
            let file = try await rotated.app.sendRequest(.GET, url, headers: ["User-Agent": agent])
            XCTAssertEqual(file.status, .ok)
        }
        let after = try await (rotated.app.db as! any SQLDatabase).raw("SELECT count FROM catalog_download_counts").all()
            .map { try $0.decode(column: "count", as: Int.self) }
        XCTAssertEqual(after, [3], "after the key change only the new client counts")
    }

    func testUploadsAreValidatedAgainstTheStandardDatasetConvertedAndMarked() async throws {
        let aed = try XCTUnwrap(StandardDatasetLibrary.shared.schema(named: "aed"))
        func row(_ overrides: [String: String]) -> String {
            var values: [String: String] = [
                "都道府県コード又は市区町村コード": "132152", "NO": "1", "都道府県名": "東京都", "市区町村名": "国立市",
                "名称": "国立市役所", "名称_カナ": "クニタチシヤクショ", "住所": "東京都国立市富士見台2-47-1",
                "緯度": "35.6838", "経度": "139.4413", "設置位置": "1階ロビー", "電話番号": "042-576-2111",
                "開始時間": "08:30", "終了時間": "17:00", "小児対応設備の有無": "有", "URL": "https://www.city.kunitachi.tokyo.jp/"]
            values.merge(overrides) { $1 }
            return aed.columnNames.map { values[$0] ?? "" }.joined(separator: ",")
        }
        let text = ([aed.columnNames.joined(separator: ","), row([:]), row(["NO": "2", "緯度": "135.1"])]).joined(separator: "\r\n") + "\r\n"
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let path = try await draft(admin, name: "aed", title: "AED設置箇所一覧")
        _ = try await upload(admin, to: path, fileName: "aed.csv", data: try XCTUnwrap(text.data(using: .shiftJIS)))
        let page = try await admin.get(path)
        let action = try XCTUnwrap(page.body.string.range(of: #"/132152/staff/datasets/[0-9a-f-]{36}/resources/[0-9a-f-]{36}/validate"#,
                                                          options: .regularExpression))
        let validatePath = String(page.body.string[action])
        let token = try await admin.csrfToken(from: path)
        let report = try await admin.post(validatePath, form: ["_csrf": token, "schema": "aed"])
        XCTAssertEqual(report.status, .ok)
        XCTAssertTrue(report.body.string.contains("不適合"), report.body.string)
        XCTAssertTrue(report.body.string.contains("緯度"), "the column is named")
        XCTAssertTrue(report.body.string.contains("UTF-8に変換"), "Shift_JIS is detected and conversion offered")
        let converted = try await admin.post(validatePath.replacingOccurrences(of: "/validate", with: "/convert"), form: ["_csrf": token])
        XCTAssertTrue(converted.body.string.contains("UTF-8に変換した版を保存しました"), converted.body.string)

        _ = try await upload(admin, to: path, fileName: "aed-fixed.csv",
                             content: [aed.columnNames.joined(separator: ","), row([:])].joined(separator: "\r\n") + "\r\n")
        let again = try await admin.get(path)
        let actions = again.body.string.ranges(of: #/\/132152\/staff\/datasets\/[0-9a-f-]{36}\/resources\/[0-9a-f-]{36}\/validate/#)
        let second = String(again.body.string[try XCTUnwrap(actions.last)])
        let ok = try await admin.post(second, form: ["_csrf": token, "schema": "aed"])
        XCTAssertTrue(ok.body.string.contains("適合"), ok.body.string)
        XCTAssertFalse(ok.body.string.contains("不適合"))
        let category = try await admin.post("/132152/staff/categories", form: ["_csrf": token, "name": "disaster-prevention", "title": "防災"])
        XCTAssertEqual(category.status, .seeOther, category.body.string)
        let badCategory = try await admin.post("/132152/staff/categories", form: ["_csrf": token, "name": "Bad Name", "title": "x"])
        XCTAssertEqual(badCategory.status, .unprocessableEntity)
        let edited = try await admin.post(path, form: ["_csrf": token, "title": "AED設置箇所一覧", "tags": "防災、AED", "license_id": "pdl-1.0",
                                                    "standard_dataset": "aed", "contact_email": "bousai@example.jp",
                                                    "categories[]": "disaster-prevention"])
        XCTAssertTrue(edited.body.string.contains("保存しました"), edited.body.string)
        let untitled = try await admin.post(path, form: ["_csrf": token, "title": ""])
        XCTAssertEqual(untitled.status, .unprocessableEntity)
        let published = try await admin.post(path + "/publish", form: ["_csrf": token])
        XCTAssertEqual(published.status, .ok, published.body.string)
        let publicPage = try await test.app.sendRequest(.GET, "/132152/dataset/aed")
        XCTAssertTrue(publicPage.body.string.contains("標準データセット適合"), "the conformity mark")
        XCTAssertTrue(publicPage.body.string.contains("国立市役所"), "the preview table")
        XCTAssertTrue(publicPage.body.string.contains("公共データ利用規約"), "the licence chosen in the edit form")
        let facets = try await test.app.sendRequest(.GET, "/132152/api/3/action/package_search?facet.field=%5B%22groups%22%5D")
        XCTAssertTrue(facets.body.string.contains("disaster-prevention"), facets.body.string)
        let standards = try await test.app.sendRequest(.GET, "/132152/standards")
        XCTAssertTrue(standards.body.string.contains("AED設置箇所一覧"))
        let template = try await test.app.sendRequest(.GET, "/132152/standards/aed/template.csv")
        XCTAssertTrue(template.body.string.contains("緯度"))
    }
}
