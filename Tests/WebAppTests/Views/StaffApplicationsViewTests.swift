import Forms
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
@testable import WebApp
import XCTest

/// The back office inbox as a function of the applications and the filters.
final class StaffApplicationsViewTests: XCTestCase {
    func testTheInboxFiltersAndLinksEveryApplicationInBothLanguages() throws {
        let forms = try FormCatalog.load().forms
        let moveOut = try XCTUnwrap(forms.first { $0.id == MoveOutApplication.formID })
        let clerk = UUID()
        let application = FormApplication()
        application.id = UUID()
        application.formID = moveOut.id
        application.receiptNumber = "20261129-ABC234"
        application.status = ApplicationStatus.reviewing.rawValue
        application.assignedStaffID = clerk
        application.submittedAt = Date(timeIntervalSince1970: 1_795_000_000)
        let filters = StaffApplicationsController.Filters(desk: nil, form: moveOut.id, status: nil, assignedToMe: true,
                                                          desks: [(id: "shimin", name: "市民課", forms: [moveOut.id])])
        for (language, heading, assignee) in [(UILanguage.ja, "電子申請の受付箱", "市民 一郎"), (.en, "Applications inbox", "市民 一郎")] {
            let page = try ParsedPage(StaffApplicationsPage.inbox([application], forms: forms, filters: filters, staffNames: [clerk: assignee],
                                                                  context: viewContext(language, path: "/132152/staff/applications", staff: "clerk")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let filter = try XCTUnwrap(page.first("form", "class", "filters"))
            XCTAssertEqual(filter["method"], "get")
            XCTAssertEqual(page.fieldNames(in: filter), ["desk", "form", "status", "assigned"])
            XCTAssertEqual(filter.first("select", "name", "form")?.first("option", "selected", "selected")?["value"], moveOut.id)
            XCTAssertEqual(filter.first("select", "name", "assigned")?.first("option", "selected", "selected")?["value"], "me")
            XCTAssertEqual(filter.first("select", "name", "status")?.all("option").compactMap { $0["value"] },
                           [""] + ApplicationStatus.allCases.map(\.rawValue))
            XCTAssertTrue(page.links.contains { $0.hasPrefix("/132152/staff/applications.csv?") && $0.contains("form=move-out") && $0.contains("assigned=me") },
                          "the CSV link keeps the filters: \(page.links)")
            let row = try XCTUnwrap(page.first("tbody")?.first("tr"))
            XCTAssertEqual(row.first("a")?["href"], "/132152/staff/applications/\(application.id!.uuidString.lowercased())")
            XCTAssertEqual(row.all("td").map(\.text), ["20261129-ABC234", moveOut.title.text(language),
                                                       ApplicationStatus.reviewing.label.text(language), assignee, "2026-11-18 20:06"])
        }
    }

    func testAnEmptyInboxSaysSo() throws {
        let filters = StaffApplicationsController.Filters(desk: nil, form: nil, status: nil, assignedToMe: false, desks: [])
        let page = try ParsedPage(StaffApplicationsPage.inbox([], forms: [], filters: filters, staffNames: [:],
                                                              context: viewContext(.en, path: "/132152/staff/applications", staff: "clerk")))
        page.assertWellFormedPage(lang: "en")
        XCTAssertNil(page.first("table"))
        XCTAssertTrue(page.main!.text.contains("No applications."))
    }
}
