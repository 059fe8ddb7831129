import Foundation
import MadoguchiCore
import Privacy
@testable import WebApp
import XCTest

/// Personal-information pages as functions: the public file register, the request form, and the
/// privacy officer's queue.
final class PrivacyViewTests: XCTestCase {
    let register = PersonalInformationFileRegister(manifests: Modules.all, context: .init(
        bodyName: "国立市", requestOffice: "国立市 個人情報保護窓口（総務課）", defaultUnit: "国立市 各担当課"))

    func testTheRegisterHasOneTablePerDeclaredFileAndLinksTheCSVAndTheRequestForm() throws {
        XCTAssertFalse(register.entries.isEmpty)
        for (language, heading) in [(UILanguage.ja, "個人情報ファイル簿"), (.en, "Register of personal-information files")] {
            let page = try ParsedPage(PrivacyRegisterPage.render(register, context: viewContext(language, path: "/132152/privacy")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            XCTAssertEqual(Array(page.links.prefix(2)), ["/132152/privacy/files.csv", "/132152/privacy/requests/new"])
            XCTAssertEqual(page.all("table").compactMap { $0.first("caption")?.text },
                           register.entries.map { $0.items.first?.value ?? $0.fileID })
            XCTAssertTrue(page.all("th").allSatisfy { $0["scope"] == "row" })
        }
    }

    func testTheRequestFormOffersTheKindsAndTheFilesWithLabels() throws {
        for (language, heading) in [(UILanguage.ja, "個人情報の開示・訂正・利用停止の請求"), (.en, "Request about your personal information")] {
            let model = PrivacyRequestFormPage.Model(files: register.entries, input: .init(kind: "correction"), problems: [], staffEntry: false)
            let page = try ParsedPage(PrivacyRequestFormPage.render(model, context: viewContext(language, path: "/132152/privacy/requests/new")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let form = try XCTUnwrap(page.first("form", "action", "/132152/privacy/requests"))
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "kind", "name", "address", "contact", "subject", "target_file", "disclosed_on"])
            XCTAssertEqual(form.all("input", "name", "kind").compactMap { $0["value"] }, ["disclosure", "correction", "suspension"])
            XCTAssertEqual(form.all("input", "name", "kind").filter { $0["checked"] != nil }.compactMap { $0["value"] }, ["correction"])
            XCTAssertEqual(form.first("fieldset", "id", "kind")?.first("legend")?.text, language == .ja ? "請求の種類" : "Kind of request")
            let offered = Set(form.first("select", "name", "target_file")?.all("option").compactMap { $0["value"] }.filter { !$0.isEmpty } ?? [])
            XCTAssertEqual(offered, Set(register.entries.map(\.fileID)))
        }
        let staff = PrivacyRequestFormPage.Model(files: register.entries, input: .init(), problems: [], staffEntry: true)
        let paper = try ParsedPage(PrivacyRequestFormPage.render(staff, context: viewContext(.ja, path: "/132152/staff/privacy/requests/new", staff: "privacy")))
        XCTAssertEqual(paper.h1, ["紙の請求書を登録"])
        XCTAssertNotNil(paper.first("form", "action", "/132152/staff/privacy/requests"))
    }

    /// The queue: each request links to its page, overdue ones are marked, the year's figures listed.
    func testTheQueueLinksEachRequestAndMarksTheOverdueOnes() throws {
        let kunitachi = Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 1)
        let today = CivilDate(iso: "2026-11-29")!
        var statistics = PrivacyRequestStatistics(fiscalYear: kunitachi.fiscalYear(containing: today))
        statistics.received[.disclosure] = 2
        let late = UUID(), onTime = UUID()
        let rows = [StaffPrivacyRequestsPage.Row(id: late, reference: "pr-0001", kind: .disclosure, received: "2026-10-01",
                                                 due: CivilDate(iso: "2026-10-31"), status: .received, decision: nil),
                    StaffPrivacyRequestsPage.Row(id: onTime, reference: "pr-0002", kind: .disclosure, received: "2026-11-20",
                                                 due: CivilDate(iso: "2026-12-20"), status: .received, decision: nil)]
        for (language, heading) in [(UILanguage.ja, "開示請求等の受付一覧"), (.en, "Disclosure requests")] {
            let page = try ParsedPage(StaffPrivacyRequestsPage.queue(rows: rows, statistics: statistics, today: today,
                                                                     context: viewContext(language, path: "/132152/staff/privacy/requests", staff: "privacy")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let body = try XCTUnwrap(page.first("tbody"))
            XCTAssertEqual(body.all("a").compactMap { $0["href"] },
                           [late, onTime].map { "/132152/staff/privacy/requests/\($0.uuidString.lowercased())" })
            XCTAssertEqual(body.all("a").map(\.text), ["PR-0001", "PR-0002"])
            let trs = body.all("tr")
            XCTAssertTrue(trs[0].text.contains("（期限超過）"))
            XCTAssertFalse(trs[1].text.contains("（期限超過）"))
            XCTAssertTrue(page.main!.text.contains("2件"))
            XCTAssertEqual(page.links.first, "/132152/staff/privacy/requests/new")
        }
    }
}
