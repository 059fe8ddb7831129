import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import Shelters
@testable import WebApp
import XCTVapor

/// Shelters over HTTP: an administrator imports the list from the published standard dataset, staff
/// at a shelter report from the staff screen, and residents see the status and the open data change.
final class SheltersScreensTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }
    override func tearDown() async throws { try await test?.shutdown() }

    /// Publishes 指定避難所一覧 for Kunitachi through the catalogue's commands (as staff would).
    private func publishShelterList(_ csv: String) async throws {
        let services = test.app.madoguchi
        let city = try test.kunitachi.requireID()
        let department: Department? = try await test.addDisasterPreventionDepartment()
        let dataset = try await services.datasets.create(
            municipalityID: city,
            DatasetInput(name: "evacuation-shelter", title: "指定避難所一覧", notes: "指定避難所", departmentID: try XCTUnwrap(department).requireID(),
                         standardDataset: "evacuation_shelter"),
            by: .system, on: test.app.db)
        _ = try await services.datasets.addFile(to: dataset.requireID(), municipalityID: city, fileName: "132152_evacuation_shelter.csv",
                                                data: Data(csv.utf8), by: .system, on: test.app.db)
        _ = try await services.datasets.publish(dataset.requireID(), municipalityID: city, by: .system, on: test.app.db)
    }

    static let csv = "NO,名称,名称_カナ,住所,緯度,経度,想定収容人数,対象となる町会・自治会\r\n"
        + "1,第一小学校,ダイイチショウガッコウ,東京都国立市中1-1,35.69,139.44,400,中一丁目\r\n"
        + "2,\"<script>alert(1)</script>\"\"体育館\",タイイクカン,東京都国立市富士見台2-48-1,35.68,139.45,200,富士見台\r\n"

    func testImportReportAndPublicStatusTogether() async throws {
        try await publishShelterList(Self.csv)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let imported = try await admin.post("/132152/staff/shelters/import", form: ["_csrf": try await admin.csrfToken(from: "/132152/staff/shelters"),
                                                                                    "kind": "evacuation_shelter"])
        XCTAssertEqual(imported.status, .ok, imported.body.string)
        XCTAssertTrue(imported.body.string.contains("追加 2"), imported.body.string)

        let resident = Browser(app: test.app)
        let before = try await resident.get("/132152/shelters")
        XCTAssertEqual(before.status, .ok)
        XCTAssertTrue(before.body.string.contains("いま開設している避難所はありません"))
        XCTAssertFalse(before.body.string.contains("<script>alert(1)"), "a name is text, never markup")
        XCTAssertTrue(before.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        // Staff at the first shelter open it with 150 people: 37.5% of 400 suggests やや混雑.
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let city = try test.kunitachi.requireID()
        let shelters = try await test.app.madoguchi.shelterQueries.list(municipalityID: city, on: test.app.db)
        let first = try XCTUnwrap(shelters.first { $0.standardID == "1" })
        let path = "/132152/staff/shelters/\(try first.requireID().uuidString.lowercased())"
        let token = try await staff.csrfToken(from: "/132152/staff/shelters")
        let reported = try await staff.post(path, form: ["_csrf": token, "status": "open", "head_count": "150", "households": "60",
                                                         "crowding": "", "revision": "0"])
        XCTAssertEqual(reported.status, .ok, reported.body.string)
        XCTAssertTrue(reported.body.string.contains("状況を更新しました"))

        let after = try await resident.get("/132152/shelters")
        XCTAssertTrue(after.body.string.contains("開設している避難所：1か所"), after.body.string)
        XCTAssertTrue(after.body.string.contains("やや混雑"))
        XCTAssertTrue(after.body.string.contains("避難者 150人"))
        let json = try JSONSerialization.jsonObject(with: Data(try await resident.get("/132152/shelters.json").body.readableBytesView)) as? [String: Any]
        let listed = try XCTUnwrap(json?["shelters"] as? [[String: Any]])
        let opened = try XCTUnwrap(listed.first { $0["id"] as? String == "1" })
        XCTAssertEqual(opened["status"] as? String, "open")
        XCTAssertEqual(opened["head_count"] as? Int, 150)
        XCTAssertEqual(opened["crowding"] as? String, "somewhat_crowded")
        XCTAssertTrue((opened["checked_at"] as? String)?.hasSuffix("+09:00") == true)
        let geo = try await resident.get("/132152/shelters.geojson")
        XCTAssertEqual(geo.headers.contentType?.subType, "geo+json")
        let csv = try await resident.get("/132152/shelters.csv")
        XCTAssertTrue(csv.body.string.contains("\"1\",\"指定避難所\",\"第一小学校\""))
        XCTAssertTrue(csv.body.string.contains("\"開設\",\"150\",\"60\",\"やや混雑\""))

        // The live status is a dataset of the catalogue: listed once, its resource is the live CSV.
        let listing = try await admin.post("/132152/staff/datasets/exports/shelters.status",
                                          form: ["_csrf": try await admin.csrfToken(from: "/132152/staff/datasets")])
        XCTAssertEqual(listing.status, .seeOther, listing.body.string)
        let again = try await admin.post("/132152/staff/datasets/exports/shelters.status",
                                         form: ["_csrf": try await admin.csrfToken(from: "/132152/staff/datasets")])
        XCTAssertEqual(again.headers.first(name: .location), listing.headers.first(name: .location), "listing twice keeps one dataset")
        let package = try await resident.get("/132152/api/3/action/package_show?id=export-shelters-status")
        XCTAssertEqual(package.status, .ok, package.body.string)
        XCTAssertTrue(package.body.string.contains("/132152/exports/shelters.status.csv"), package.body.string)
        let live = try await resident.get("/132152/exports/shelters.status.csv")
        XCTAssertEqual(live.status, .ok)
        XCTAssertTrue(live.body.string.contains("\"開設\",\"150\",\"60\",\"やや混雑\""), live.body.string)
        let unknown = try await resident.get("/132152/exports/nothing.csv")
        XCTAssertEqual(unknown.status, .notFound)

        // The history names who reported, for the after-action review.
        let history = try await staff.get(path)
        XCTAssertEqual(history.status, .ok)
        XCTAssertTrue(history.body.string.contains("<td>department_staff</td>"), "the reporter by name")
        XCTAssertTrue(history.body.string.contains("やや混雑"))
    }

    /// Publishes the list, has the administrator import it over HTTP, and returns the signed-in
    /// administrator and the imported shelters by their standard NO.
    private func importedAsAdministrator() async throws -> (admin: Browser, byNO: [String: Shelter]) {
        try await publishShelterList(Self.csv)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let imported = try await admin.post("/132152/staff/shelters/import", form: ["_csrf": try await admin.csrfToken(from: "/132152/staff/shelters"),
                                                                                    "kind": "evacuation_shelter"])
        XCTAssertEqual(imported.status, .ok, imported.body.string)
        let listed = try await test.app.madoguchi.shelterQueries.list(municipalityID: test.kunitachi.requireID(), on: test.app.db)
        return (admin, Dictionary(uniqueKeysWithValues: listed.map { ($0.standardID, $0) }))
    }

    func testABadReportNamesTheFieldKeepsWhatWasTypedAndChangesNothing() async throws {
        let (admin, byNO) = try await importedAsAdministrator()
        let city = try test.kunitachi.requireID()
        let first = try XCTUnwrap(byNO["1"])
        let path = "/132152/staff/shelters/\(try first.requireID().uuidString.lowercased())"
        let token = try await admin.csrfToken(from: "/132152/staff/shelters")
        let refused = try await admin.post(path, form: ["_csrf": token, "status": "open", "head_count": "12", "households": "99",
                                                        "crowding": "", "revision": "0"])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.string.contains("「世帯数」は「避難者数」以下にしてください"))
        XCTAssertTrue(refused.body.string.contains("value=\"99\""), "what was typed comes back")
        let unchanged = try await test.app.madoguchi.shelterQueries.find(first.requireID(), municipalityID: city, on: test.app.db)
        XCTAssertEqual(unchanged.shelterStatus, .notOpened)
        XCTAssertEqual(unchanged.revision, 0)

        // Another municipality's shelter is not found from this one.
        let otherPath = "/132233/staff/shelters/\(try first.requireID().uuidString.lowercased())"
        let elsewhere = try await admin.post(otherPath, form: ["_csrf": token, "status": "open", "revision": "0"])
        XCTAssertNotEqual(elsewhere.status, .ok)
    }

    /// The demo's shelter list conforms to 指定避難所一覧, fills /shelters, and its live status is in the catalogue.
    func testTheDemoShelterListConformsAndIsListed() async throws {
        let department = try await test.addDisasterPreventionDepartment()
        try await DemoShelters.load(app: test.app, municipality: test.kunitachi, departmentID: department.requireID())
        let city = try test.kunitachi.requireID()
        let shelters = try await test.app.madoguchi.shelterQueries.list(municipalityID: city, on: test.app.db)
        XCTAssertEqual(shelters.count, 5)
        XCTAssertTrue(shelters.allSatisfy { $0.capacity != nil && $0.latitude != nil })
        let dataset = try await test.app.madoguchi.datasets.publishedStandardTable("evacuation_shelter", municipalityID: city, on: test.app.db)
        XCTAssertEqual(dataset?.rows.count, 5)
        let detail = try await test.app.madoguchi.datasets.staffList(municipalityID: city, on: test.app.db)
        let list = try XCTUnwrap(detail.first { $0.name == "evacuation-shelter" })
        let resources = try await test.app.madoguchi.datasets.staffDetail(list.requireID(), municipalityID: city, on: test.app.db).resources
        XCTAssertEqual(resources.first?.conformsTo, "evacuation_shelter", "validated against the standard: it carries the mark")
        XCTAssertEqual(resources.first?.conformity, "conforms")
        let listed = try await test.app.madoguchi.datasets.exportDataset("shelters.status", municipalityID: city, on: test.app.db)
        XCTAssertEqual(listed?.state, .published)
        let page = try await test.app.sendRequest(.GET, "/132152/shelters")
        XCTAssertTrue(page.body.string.contains("第一小学校（デモ）"))
    }

    /// Opening a shelter can publish a notice saying so, for staff who may write notices; a counter
    /// clerk's report opens the shelter without one.
    func testOpeningAShelterCanAnnounceIt() async throws {
        let (admin, byNO) = try await importedAsAdministrator()
        let first = try XCTUnwrap(byNO["1"]), second = try XCTUnwrap(byNO["2"])

        let clerk = Browser(app: test.app)
        _ = try await clerk.signIn("counter_staff", password: test.password)
        let page = try await clerk.get("/132152/staff/shelters")
        XCTAssertFalse(page.body.string.contains("name=\"announce\""), "no announce box for staff who cannot write notices")
        let quiet = try await clerk.post("/132152/staff/shelters/\(try second.requireID().uuidString.lowercased())",
                                         form: ["_csrf": try await clerk.csrfToken(from: "/132152/staff/shelters"), "status": "open",
                                                "head_count": "5", "revision": "0", "announce": "on"])
        XCTAssertEqual(quiet.status, .ok)

        let adminPage = try await admin.get("/132152/staff/shelters")
        XCTAssertTrue(adminPage.body.string.contains("name=\"announce\""))
        let announced = try await admin.post("/132152/staff/shelters/\(try first.requireID().uuidString.lowercased())",
                                             form: ["_csrf": try await admin.csrfToken(from: "/132152/staff/shelters"), "status": "open",
                                                    "head_count": "10", "revision": "0", "announce": "on"])
        XCTAssertEqual(announced.status, .ok, announced.body.string)
        XCTAssertTrue(announced.body.string.contains("開設のお知らせを掲載しました"))
        let notices = try await Browser(app: test.app).get("/132152/notices")
        XCTAssertTrue(notices.body.string.contains("避難所を開設しました：第一小学校"), notices.body.string)
        XCTAssertFalse(notices.body.string.contains("避難所を開設しました：&lt;script"), "the clerk's report announced nothing")
    }

    func testImportWithoutAPublishedStandardListSaysSo() async throws {
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let token = try await admin.csrfToken(from: "/132152/staff/shelters")
        let none = try await admin.post("/132152/staff/shelters/import", form: ["_csrf": token, "kind": "evacuation_shelter"])
        XCTAssertEqual(none.status, .unprocessableEntity)
        XCTAssertTrue(none.body.string.contains("公開されていません"))
        let bad = try await admin.post("/132152/staff/shelters/import", form: ["_csrf": token, "kind": "\"><script>"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.string.contains("「取り込むデータ」を選んでください"))
    }
}
