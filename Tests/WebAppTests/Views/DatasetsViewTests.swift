@testable import Catalog
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// The public catalogue search page as a function of a search result.
final class DatasetsViewTests: XCTestCase {
    func testTheSearchPageKeepsTheQueryOffersFacetsAndPagesInBothLanguages() throws {
        let model = DatasetsPage.Search(text: "避難 所", filters: [FacetFilter(field: "res_format", value: "CSV")], page: 1, count: 45, packages: [],
                                        facets: ["tags": [DatasetSearch.FacetCount(name: "防災", displayName: "防災", count: 3)]])
        for (language, heading, status) in [(UILanguage.ja, "オープンデータ", "45件のデータセット"), (.en, "Open data", "45 datasets")] {
            let page = try ParsedPage(DatasetsPage.search(model, context: viewContext(language, path: "/132152/dataset")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let search = try XCTUnwrap(page.first("form", "role", "search"))
            XCTAssertEqual(search["action"], "/132152/dataset")
            XCTAssertEqual(search["method"], "get")
            XCTAssertEqual(page.fieldNames(in: search), ["q", "res_format"])
            XCTAssertEqual(search.first("input", "name", "q")?["value"], "避難 所")
            XCTAssertEqual(search.first("input", "name", "res_format")?["value"], "CSV")
            XCTAssertEqual(page.first("p", "role", "status")?.text, status)
            let facet = try XCTUnwrap(page.first("aside")?.first("a"))
            XCTAssertEqual(facet.text, "防災（3）")
            XCTAssertEqual(facet["href"], "/132152/dataset?q=%E9%81%BF%E9%9B%A3%20%E6%89%80&res_format=CSV&tags=%E9%98%B2%E7%81%BD")
            // 45 results at 20 a page: page 1 of 3 links to the next page only.
            let pages = try XCTUnwrap(page.all("nav").last)
            XCTAssertEqual(pages.all("a").compactMap { $0["href"] }, ["/132152/dataset?q=%E9%81%BF%E9%9B%A3%20%E6%89%80&res_format=CSV&page=2"])
            for link in ["/132152/catalog.ttl", "/132152/catalog.jsonld", "/132152/api/3/action/package_search"] {
                XCTAssertTrue(page.links.contains(link), link)
            }
        }
    }
}
