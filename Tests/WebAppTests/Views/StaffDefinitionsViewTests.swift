import Foundation
import Indicators
import MadoguchiCore
@testable import WebApp
import XCTest

/// The 施策 and 事務事業 editors and their histories as functions of their models, in Japanese and English.
final class StaffDefinitionsViewTests: XCTestCase {
    let declarations = [
        IndicatorDeclaration(id: "indicators.population", title: LocalizedText(ja: "人口", en: "Population"), unit: .persons,
                             direction: .higherIsBetter, definition: LocalizedText(ja: "住民基本台帳人口", en: "Registered population"),
                             source: LocalizedText(ja: "住民基本台帳", en: "Resident register"), computation: .entered),
    ]

    func testTheMeasureFormNamesItsFieldsKeepsWhatWasTypedAndMarksTheProblem() throws {
        let form = MeasureForm(values: ["name": "\"><b>名</b>", "target_indicator_1": "indicators.population", "direction_2_means": "一\n二"])
        for (language, new, edit) in [(UILanguage.ja, "施策を登録する", "施策を編集する（旧名）"), (.en, "New measure", "Edit the measure (旧名)")] {
            let blank = try ParsedPage(MeasureFormPage.render(.init(code: nil, name: "", form: form, version: 0, programmes: [],
                                                                    declarations: declarations, problem: nil),
                                                              context: viewContext(language, path: "/132152/staff/measures/new", staff: "admin")))
            blank.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(blank.h1, [new])
            let fields = blank.fieldNames(in: blank.first("form", "action", "/132152/staff/measures"))
            XCTAssertEqual(fields, Set(["_csrf"] + MeasureForm.fields.map(\.name)), "every field, nothing else (no version on a new one)")
            XCTAssertEqual(blank.first("input", "name", "name")?["value"], "\"><b>名</b>")
            XCTAssertTrue(blank.all("b").isEmpty)
            XCTAssertEqual(blank.first("select", "name", "target_indicator_1")?.first("option", "selected", "selected")?["value"], "indicators.population")

            let problem = FieldProblem(field: "last_year", message: LocalizedText(ja: "表の最後の年度は…", en: "The table's last year…"))
            let editing = try ParsedPage(MeasureFormPage.render(.init(code: "m-1", name: "旧名", form: form, version: 7,
                                                                      programmes: [("00900", "事業")], declarations: declarations, problem: problem),
                                                                context: viewContext(language, path: "/132152/staff/measures/m-1/edit", staff: "admin")))
            editing.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(editing.h1, [edit])
            let action = try XCTUnwrap(editing.first("form", "action", "/132152/staff/measures/m-1/edit"))
            XCTAssertEqual(action.first("input", "name", "version")?["value"], "7")
            XCTAssertNil(action.first("input", "name", "code"))
            XCTAssertEqual(editing.first("input", "name", "last_year")?["aria-invalid"], "true")
            XCTAssertEqual(editing.first("input", "name", "last_year")?["aria-describedby"], "last_year-error")
            XCTAssertTrue(editing.links.contains("/132152/staff/programmes/00900/edit"))
            XCTAssertTrue(editing.links.contains("/132152/staff/measures/m-1/history"))
            XCTAssertTrue(editing.links.contains("/132152/staff/programmes/new?measure=m-1"))
        }
    }

    func testTheProgrammeFormOffersTheMeasuresAndEveryField() throws {
        for language in [UILanguage.ja, .en] {
            let page = try ParsedPage(ProgrammeFormPage.render(.init(code: nil, name: "", form: ProgrammeForm(values: ["measure": "m-1"]), version: 0,
                                                                     measures: [("m-1", "施策")], declarations: declarations, problem: nil),
                                                               context: viewContext(language, path: "/132152/staff/programmes/new", staff: "admin")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.fieldNames(in: page.first("form", "action", "/132152/staff/programmes")),
                           Set(["_csrf"] + ProgrammeForm.fields.map(\.name)))
            XCTAssertEqual(page.first("select", "name", "measure")?.all("option").map { $0["value"] ?? "?" }, ["", "m-1"])
            XCTAssertEqual(page.first("select", "name", "measure")?.first("option", "selected", "selected")?["value"], "m-1")
        }
    }

    func testTheHistoryShowsWhoWhatChangedAndRestoresOnlyEarlierVersions() throws {
        let staff = UUID()
        let entries: [DefinitionViews.HistoryEntry] = [
            .init(summary: .init(version: 2, changedBy: staff, changedAt: Date(timeIntervalSince1970: 1_795_000_000), restores: 1,
                                 changedFields: ["name", "target_indicator_1"]),
                  values: ["name": "<i>新</i>", "target_indicator_1": "indicators.population"]),
            .init(summary: .init(version: 1, changedBy: nil, changedAt: Date(timeIntervalSince1970: 1_794_000_000), restores: nil, changedFields: []),
                  values: ["name": "旧"]),
        ]
        for (language, current, who) in [(UILanguage.ja, "第2版（現在）", "（システム・記録開始時の内容）"), (.en, "Version 2 (current)", "(system or the state when history began)")] {
            func render(edit: Bool) throws -> ParsedPage {
                try ParsedPage(DefinitionViews.history(title: "履歴", entries: entries, fields: MeasureForm.fields, current: 2,
                                                       restoreBase: "/132152/staff/measures/m-1/history", editHref: edit ? "/132152/staff/measures/m-1/edit" : nil,
                                                       names: [staff: "担当 花子"], indicators: declarations, notice: nil, problem: nil,
                                                       context: viewContext(language, path: "/132152/staff/measures/m-1/history", staff: "admin")))
            }
            let page = try render(edit: true)
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.first("section", "id", "v2")?.first("h2")?.text, current)
            let v2 = try XCTUnwrap(page.first("section", "id", "v2")?.text)
            XCTAssertTrue(v2.contains("担当 花子"))
            XCTAssertTrue(v2.contains(language == .ja ? "人口（indicators.population）" : "Population（indicators.population）"), v2)
            XCTAssertTrue(v2.contains("<i>新</i>") && page.all("i").isEmpty, "values are text")
            XCTAssertTrue(page.first("section", "id", "v1")?.text.contains(who) == true)
            let restores = try XCTUnwrap(page.main).all("form").compactMap { $0["action"] }
            XCTAssertEqual(restores, ["/132152/staff/measures/m-1/history/1/restore"])
            XCTAssertEqual(page.main?.first("form")?.first("input", "name", "version")?["value"], "2", "based on the current version")
            XCTAssertTrue(try render(edit: false).main?.all("form").isEmpty == true, "a reader without the permission sees no restore")
        }
    }
}
