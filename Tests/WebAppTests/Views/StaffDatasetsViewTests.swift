import Catalog
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// The open-data staff list as a function of the datasets and the new-dataset form.
final class StaffDatasetsViewTests: XCTestCase {
    func testTheListLinksDatasetsWithTheirStateAndOffersTheDraftForm() throws {
        let published = Catalog.Dataset(), draft = Catalog.Dataset()
        for (dataset, title, state) in [(published, "AED設置場所", Catalog.Dataset.State.published), (draft, "避難所 <一覧>", .draft)] {
            dataset.id = UUID(); dataset.title = title; dataset.state = state
        }
        for (language, heading, states) in [(UILanguage.ja, "オープンデータの登録", ["公開中", "下書き"]), (.en, "Open data", ["Published", "Draft"])] {
            let page = try ParsedPage(StaffDatasetsPage.list(datasets: [published, draft], input: .init(name: "aed"), problems: [],
                                                             context: viewContext(language, path: "/132152/staff/datasets", staff: "editor")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let rows = try XCTUnwrap(page.first("tbody")).all("tr")
            XCTAssertEqual(rows.compactMap { $0.first("a")?["href"] },
                           [published, draft].map { "/132152/staff/datasets/\($0.id!.uuidString.lowercased())" })
            XCTAssertEqual(rows.compactMap { $0.first("a")?.text }, ["AED設置場所", "避難所 <一覧>"])
            XCTAssertEqual(rows.map { $0.all("td").last!.text }, states)
            let form = try XCTUnwrap(page.first("form", "action", "/132152/staff/datasets"))
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "name", "title", "notes"])
            XCTAssertEqual(form.first("input", "name", "name")?["value"], "aed")
            XCTAssertNil(form.first("input", "name", "notes")?["required"], "the description is optional")
        }
    }
}
