import Audit
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// The audit log screen as a function of its entries and filters.
final class StaffAuditViewTests: XCTestCase {
    func entry(_ sequence: Int, action: String, details: String = "{}") -> AuditEntry {
        let entry = AuditEntry()
        entry.sequence = sequence
        entry.occurredAtMilliseconds = 1_795_000_000_000 + Int64(sequence) * 1000
        entry.actor = "staff:auditor"
        entry.action = action
        entry.targetType = "staff"
        entry.targetID = "42"
        entry.ipAddress = "192.0.2.1"
        entry.details = details
        entry.previousHash = ""
        entry.hash = ""
        return entry
    }

    func testTheLogShowsFiltersEntriesAndLinksThatKeepTheFilterInBothLanguages() throws {
        let entries = [entry(12, action: "staff.login", details: #"{"note":"<b>&"}"#), entry(11, action: "staff.logout")]
        let query = StaffAuditController.Query(action: "staff", actor: nil, target: nil, from: nil, until: nil, before: nil)
        for (language, heading) in [(UILanguage.ja, "監査ログ"), (.en, "Audit log")] {
            let page = try ParsedPage(StaffAuditPage.render(entries: entries, query: query, pageSize: 2,
                                                            context: viewContext(language, path: "/132152/staff/audit", staff: "auditor")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let filters = try XCTUnwrap(page.first("form", "class", "filters"))
            XCTAssertEqual(filters["method"], "get")
            XCTAssertEqual(page.fieldNames(in: filters), ["action", "actor", "target", "from", "until"])
            XCTAssertEqual(filters.first("input", "name", "action")?["value"], "staff")
            XCTAssertTrue(page.links.contains("/132152/staff/audit.csv?action=staff"), "\(page.links)")
            let rows = try XCTUnwrap(page.first("tbody")).all("tr")
            XCTAssertEqual(rows.map { $0.all("td").first!.text }, ["12", "11"])
            XCTAssertEqual(rows[0].all("td")[5].text, #"{"note":"<b>&"}"#, "details are text, not markup")
            XCTAssertTrue(page.all("b").isEmpty)
            XCTAssertEqual(page.first("div", "role", "region")?["aria-label"], heading)
            XCTAssertTrue(page.links.contains("/132152/staff/audit?action=staff&before=11"), "a full page links to older entries")
        }
    }
}
