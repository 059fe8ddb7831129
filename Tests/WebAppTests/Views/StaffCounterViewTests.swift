import Counter
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// The assisted counter's list screen as a function: the new-session form and the saved sessions.
final class StaffCounterViewTests: XCTestCase {
    let catalog = try! LifeEventCatalog.load()

    func testTheCounterListHasALabelledNewSessionFormAndLinksSavedSessions() throws {
        let session = CounterSession()
        session.id = UUID()
        session.reference = "C-20261129-0001"
        session.lifeEvent = "moving"
        session.contentCiphertext = "v1.sealed"
        session.createdAt = Date(timeIntervalSince1970: 1_795_000_000)
        let input = StaffCounterController.NewSessionInput(event: "moving", event_date: "2026-12-01", name: "山田 花子",
                                                           address: "国立市富士見台2-47-1", birth_date: "1955-01-02", sex: "女")
        for (language, heading, labels) in [(UILanguage.ja, "書かない窓口（窓口支援）", ["ライフイベント", "氏名", "住所", "生年月日", "性別"]),
                                            (.en, "Assisted counter", ["Life event", "Name", "Address", "Date of birth", "Sex"])] {
            let model = StaffCounterListPage.Model(sessions: [session], events: catalog.lifeEvents, input: input, problems: [], retentionDays: 30)
            let page = try ParsedPage(StaffCounterListPage.render(model, context: viewContext(language, path: "/132152/staff/counter", staff: "counter")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let form = try XCTUnwrap(page.first("form", "action", "/132152/staff/counter"))
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "event", "event_date", "name", "address", "birth_date", "sex"])
            XCTAssertEqual(["event", "name", "address", "birth_date", "sex"].compactMap { page.label(of: $0) }, labels)
            XCTAssertEqual(form.first("select", "name", "event")?.all("option").compactMap { $0["value"] }, catalog.lifeEvents.map(\.id))
            XCTAssertEqual(form.first("select", "name", "event")?.first("option", "selected", "selected")?["value"], "moving")
            XCTAssertEqual(form.first("input", "name", "name")?["value"], "山田 花子", "what was typed comes back")
            XCTAssertTrue(page.main!.text.contains("30"), "the retention period is stated")
            let link = try XCTUnwrap(page.first("tbody")?.first("a"))
            XCTAssertEqual(link["href"], "/132152/staff/counter/\(session.id!.uuidString.lowercased())")
            XCTAssertEqual(link.text, "C-20261129-0001")
            XCTAssertTrue(page.first("tbody")!.text.contains(try catalog.lifeEvent("moving").name.text(language)))
        }
    }

    func testAProblemNamesItsFieldAndNoSessionsSaysSo() throws {
        let problem = FieldProblem(field: "name", message: LocalizedText(ja: "「氏名」を入力してください", en: "Enter the name"))
        let model = StaffCounterListPage.Model(sessions: [], events: catalog.lifeEvents, input: .init(), problems: [problem], retentionDays: 30)
        let page = try ParsedPage(StaffCounterListPage.render(model, context: viewContext(.ja, path: "/132152/staff/counter", staff: "counter")))
        page.assertWellFormedPage(lang: "ja")
        let alert = try XCTUnwrap(page.first("div", "role", "alert"))
        XCTAssertEqual(alert.first("a")?["href"], "#name")
        XCTAssertEqual(alert.first("a")?.text, "「氏名」を入力してください")
        XCTAssertEqual(page.first("input", "name", "name")?["aria-invalid"], "true")
        XCTAssertNil(page.first("tbody"))
        XCTAssertTrue(page.main!.text.contains("ありません。"))
    }
}
