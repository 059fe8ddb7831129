import Counter
import Forms
import MadoguchiCore
@testable import WebApp
import XCTest

/// The two back-office inventory lists as functions: the online forms and the procedures, each
/// linking every entry and marking what this municipality edited.
final class StaffCatalogListsViewTests: XCTestCase {
    func testTheFormsListLinksEveryFormWithItsVersionIdentityAndEditedMark() throws {
        let forms = try FormCatalog.load().forms
        let edited = forms[0].id
        for (language, heading, columns, mark) in [(UILanguage.ja, "電子申請の様式", ["様式", "版", "本人確認", "この団体での編集"], "編集あり"),
                                                   (.en, "Online forms", ["Form", "Version", "Identity", "Edited here"], "Edited")] {
            let page = try ParsedPage(StaffFormsPage.list(forms, edited: [edited], context: viewContext(language, path: "/132152/staff/forms", staff: "admin")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            XCTAssertEqual(page.first("thead")?.all("th").map(\.text), columns)
            let rows = try XCTUnwrap(page.first("tbody")).all("tr")
            XCTAssertEqual(rows.compactMap { $0.first("th")?.first("a")?["href"] }, forms.map { "/132152/staff/forms/\($0.id)" })
            XCTAssertEqual(rows.compactMap { $0.first("th")?.text }, forms.map { $0.title.text(language) })
            XCTAssertEqual(rows.map { $0.all("td")[0].text }, forms.map { String($0.version) })
            XCTAssertEqual(rows.map { $0.all("td")[2].text }, forms.map { $0.id == edited ? mark : "—" })
            let identity = forms.map { $0.identityLevel == .verifiedEmail }
            XCTAssertEqual(rows.map { $0.all("td")[1].text == (language == .ja ? "なし" : "None") }, identity.map { !$0 })
        }
    }

    func testTheProcedureInventoryHasOneTablePerCategoryLinkingEveryProcedure() throws {
        let catalog = try LifeEventCatalog.load()
        let edited = try XCTUnwrap(catalog.procedures.first).id
        let categories = Set(catalog.procedures.map(\.category))
        for (language, heading, lead) in [(UILanguage.ja, "手続一覧（棚卸し）", "\(catalog.procedures.count)件の手続。"),
                                          (.en, "Procedure inventory", "\(catalog.procedures.count) procedures.")] {
            let page = try ParsedPage(StaffProceduresPage.list(catalog: catalog, edited: [edited], context: viewContext(language, path: "/132152/staff/procedures", staff: "admin")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            XCTAssertTrue(page.main!.text.contains(lead))
            XCTAssertEqual(page.all("caption").map(\.text), categories.sorted())
            XCTAssertEqual(page.first("thead")?.all("th").count, 5)
            XCTAssertEqual(Set(page.links), Set(catalog.procedures.map { "/132152/staff/procedures/\($0.id)" }))
            XCTAssertEqual(page.links.count, catalog.procedures.count)
            let marked = page.all("tbody").flatMap { $0.all("th") }.filter { $0.text.hasSuffix(" *") }
            XCTAssertEqual(marked.compactMap { $0.first("a")?["href"] }, ["/132152/staff/procedures/\(edited)"])
        }
    }
}
