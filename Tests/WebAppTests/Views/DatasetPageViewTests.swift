import Catalog
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// One dataset's public page as a function of its CKAN package, marks, counts and preview.
final class DatasetPageViewTests: XCTestCase {
    static let package = """
        {"id": "d1", "name": "aed", "title": "AED設置場所", "notes": "市内のAED <一覧>", "url": "", "license_id": "CC-BY-4.0",
         "license_title": "クリエイティブ・コモンズ 表示 4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/", "isopen": true,
         "owner_org": "o1", "organization": {"id": "o1", "name": "bousai", "title": "防災安全課", "display_name": "防災安全課",
         "description": "", "image_url": "", "created": "2026-01-01", "is_organization": true, "approval_status": "approved",
         "state": "active", "type": "organization"}, "private": false, "state": "active", "type": "dataset",
         "metadata_created": "2026-01-01T00:00:00", "metadata_modified": "2026-11-20T10:00:00", "num_resources": 1, "num_tags": 1,
         "tags": [{"id": "t1", "name": "防災", "display_name": "防災", "state": "active"}], "groups": [], "extras": [],
         "resources": [{"id": "r1", "package_id": "d1", "url": "http://127.0.0.1:8080/132152/dataset/aed/resource/r1/download/aed.csv",
                        "name": "aed.csv", "description": "", "format": "CSV", "hash": "", "position": 0, "created": "2026-01-01",
                        "metadata_modified": "2026-11-20", "state": "active", "datastore_active": false, "openness_score": 3}]}
        """

    func testTheDatasetPageListsResourcesWithStarsCountsAndAPreviewInBothLanguages() throws {
        let package = try JSONDecoder().decode(CKANPackage.self, from: Data(Self.package.utf8))
        let model = DatasetsPage.Dataset(package: package, conformity: ["r1": "AED設置箇所一覧"], downloads: ["r1": 7],
                                         preview: .init(resourceName: "aed.csv", header: ["名称", "住所"], rows: [["市役所", "富士見台2-47-1"]]))
        for (language, files, preview) in [(UILanguage.ja, "データとリソース", "プレビュー（先頭1行）"), (.en, "Data and resources", "Preview (first 1 rows)")] {
            let page = try ParsedPage(DatasetsPage.dataset(model, context: viewContext(language, path: "/132152/dataset/aed")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, ["AED設置場所"])
            XCTAssertEqual(page.headings, [files, preview])
            XCTAssertTrue(page.main!.text.contains("市内のAED <一覧>"), "notes are text")
            XCTAssertEqual(page.first("dd")?.text, "防災安全課")
            XCTAssertTrue(page.links.contains("https://creativecommons.org/licenses/by/4.0/"))
            let row = try XCTUnwrap(page.all("tbody").first?.first("tr"))
            XCTAssertEqual(row.first("a")?["href"], package.resources[0].url)
            XCTAssertTrue(row.text.contains("AED設置箇所一覧"), "the conformity mark")
            XCTAssertEqual(row.first("span", "aria-label", "3 / 5")?.text, "★★★☆☆")
            XCTAssertEqual(row.all("td").last?.text, "7")
            let table = try XCTUnwrap(page.all("table").last)
            XCTAssertEqual(table.all("th").map(\.text), ["名称", "住所"])
            XCTAssertEqual(table.all("td").map(\.text), ["市役所", "富士見台2-47-1"])
            XCTAssertTrue(page.links.contains("/132152/dataset/aed.ttl") && page.links.contains("/132152/dataset/aed.jsonld"))
        }
    }
}
