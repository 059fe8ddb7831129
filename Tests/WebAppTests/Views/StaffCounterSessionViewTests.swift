import Counter
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// The assisted counter's session screen and its two printouts as functions: the basic four items,
/// the questions as one labelled form, the checklist with its print links, the pre-filled paper
/// forms and the 受付案内票.
final class StaffCounterSessionViewTests: XCTestCase {
    let catalog = try! LifeEventCatalog.load()
    let id = UUID(uuidString: "5D7C3F0A-1B2C-4D5E-8F90-A1B2C3D4E5F6")!
    let resident = BasicFourItems(name: "山田 花子", address: "国立市富士見台2-47-1", birthDate: CivilDate(iso: "1955-01-02")!, sex: "女")
    let answers: FactSet = ["move_type": .choice("move_out"), "national_health_insurance": .bool(true),
                            "has_children_under_18": .bool(false), "care_insurance_certified": .bool(false)]
    var base: String { "/132152/staff/counter/5d7c3f0a-1b2c-4d5e-8f90-a1b2c3d4e5f6" }

    func checklist() throws -> Checklist {
        try ChecklistBuilder(catalog: catalog).checklist(event: "moving", eventDate: CivilDate(iso: "2026-12-05")!,
                                                         facts: answers, today: CivilDate(iso: "2026-11-29")!)
    }

    func model(facts: FactSet, checklist: Checklist?, problems: [FieldProblem] = [], posted: [String: String]? = nil) throws -> StaffCounterSessionPage.Model {
        let event = try catalog.lifeEvent("moving")
        let content = CounterSessionContent(resident: resident, eventDate: CivilDate(iso: "2026-12-05")!, facts: facts)
        let questions = Navigator(event: event, eventDate: content.eventDate).visibleQuestions(answers: facts)
        return StaffCounterSessionPage.Model(id: id, reference: "C-20261129-0001", event: event, content: content, questions: questions,
                                             checklist: checklist, problems: problems, posted: posted)
    }

    func testTheSessionShowsTheBasicFourItemsTheLabelledQuestionsAndTheChecklist() throws {
        let event = try catalog.lifeEvent("moving")
        for (language, heading, items) in [(UILanguage.ja, "受付 C-20261129-0001（\(event.name.ja)）", ["氏名", "住所", "生年月日", "性別"]),
                                           (.en, "Session C-20261129-0001 (\(event.name.en))", ["Name", "Address", "Date of birth", "Sex"])] {
            let checklist = try checklist()
            let page = try ParsedPage(StaffCounterSessionPage.render(try model(facts: answers, checklist: checklist),
                                                                     context: viewContext(language, path: base, staff: "counter")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let four = try XCTUnwrap(page.first("dl", "class", "basic-four"))
            XCTAssertEqual(four.all("dt").map(\.text), items + [event.eventDate.label.text(language)])
            XCTAssertEqual(four.all("dd").prefix(4).map(\.text), ["山田 花子", "国立市富士見台2-47-1", Wareki.format(resident.birthDate), "女"])

            let answersForm = try XCTUnwrap(page.first("form", "action", base + "/answers"))
            XCTAssertEqual(answersForm["method"], "post")
            let questions = Navigator(event: event, eventDate: CivilDate(iso: "2026-12-05")!).visibleQuestions(answers: answers)
            XCTAssertEqual(page.fieldNames(in: answersForm), Set(["_csrf"] + questions.map { "fact." + $0.id }))
            for question in questions {
                XCTAssertEqual(page.label(of: "fact." + question.id), question.text.text(language))
            }
            let moveType = try XCTUnwrap(answersForm.first("select", "name", "fact.move_type"))
            XCTAssertEqual(moveType.all("option").compactMap { $0["value"] }, ["", "move_in", "move_out", "move_within"])
            XCTAssertEqual(moveType.first("option", "selected", "selected")?["value"], "move_out", "the saved answer is selected")
            let card = try XCTUnwrap(answersForm.first("select", "name", "fact.has_my_number_card"))
            let cardQuestion = try XCTUnwrap(questions.first { $0.id == "has_my_number_card" })
            XCTAssertEqual(card.all("option").compactMap { $0["value"] }, ["", "yes", "no"] + (cardQuestion.allowsUnknown ? ["unknown"] : []))
            XCTAssertEqual(card.all("option").map(\.text).prefix(3), language == .ja ? ["未回答", "はい", "いいえ"] : ["Not answered", "Yes", "No"])
            XCTAssertEqual(card.first("option", "selected", "selected")?["value"], "", "unanswered")
            XCTAssertEqual(answersForm.first("select", "name", "fact.national_health_insurance")?.first("option", "selected", "selected")?["value"], "yes")

            XCTAssertEqual(page.first("ul", "class", "actions")?.all("a").compactMap { $0["href"] }, [base + "/forms", base + "/slip"])
            let list = try XCTUnwrap(page.first("div", "id", "checklist"))
            XCTAssertEqual(Set(list.all("article").compactMap { $0["id"] }), Set(checklist.procedures.map { "p-\($0.id)" }))
            XCTAssertEqual(page.fieldNames(in: page.first("form", "action", base + "/delete")), ["_csrf"])
        }
    }

    /// Before the questions are answered there is no checklist to print; a problem names its
    /// question, and what was posted comes back instead of the saved answer.
    func testWithoutAChecklistThereIsNothingToPrintAndAProblemNamesItsQuestion() throws {
        let problem = FieldProblem(field: "fact.move_type", message: LocalizedText(ja: "「どのような引越しですか。」を選んでください", en: "Choose the kind of move"))
        let model = try model(facts: FactSet(), checklist: nil, problems: [problem], posted: ["fact.move_type": "move_in"])
        let page = try ParsedPage(StaffCounterSessionPage.render(model, context: viewContext(.ja, path: base, staff: "counter")))
        page.assertWellFormedPage(lang: "ja")
        XCTAssertNil(page.first("div", "id", "checklist"))
        XCTAssertNil(page.first("ul", "class", "actions"))
        XCTAssertFalse(page.links.contains(base + "/forms"))
        let alert = try XCTUnwrap(page.first("div", "role", "alert"))
        XCTAssertEqual(alert.first("a")?["href"], "#fact.move_type")
        XCTAssertTrue(alert.text.contains("「どのような引越しですか。」を選んでください"))
        let select = try XCTUnwrap(page.first("select", "name", "fact.move_type"))
        XCTAssertEqual(select.parent?["class"], "field has-problem")
        XCTAssertEqual(select.first("option", "selected", "selected")?["value"], "move_in")
    }

    /// One section per needed paper form, a table of its fields with the pre-filled values and
    /// blank cells to write in.
    func testThePrintedFormsArePreFilledWithTheResidentsItems() throws {
        let checklist = try checklist()
        let forms = PaperFormFiller.forms(for: checklist, catalog: catalog, resident: resident, facts: answers)
        XCTAssertFalse(forms.isEmpty)
        for (language, heading) in [(UILanguage.ja, "申請書（記入済み）受付 C-20261129-0001"), (.en, "Pre-filled forms, session C-20261129-0001")] {
            let page = try ParsedPage(StaffCounterPrintPages.forms(forms, reference: "C-20261129-0001",
                                                                   context: viewContext(language, path: base + "/forms", staff: "counter")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let sections = page.all("section", "class", "paper-form")
            XCTAssertEqual(sections.map { $0.first("h2")?.text }, forms.map(\.title))
            for (section, form) in zip(sections, forms) {
                let rows = section.all("tr")
                XCTAssertEqual(rows.map { $0.first("th")?.text }, form.fields.map(\.label))
                for (row, field) in zip(rows, form.fields) {
                    if let value = field.value { XCTAssertEqual(row.first("td")?.text, value) } else { XCTAssertNotNil(row.first("td")?.first("span", "class", "blank")) }
                }
            }
            XCTAssertTrue(forms.flatMap(\.fields).contains { $0.value == "山田 花子" }, "the name is pre-filled")
            XCTAssertTrue(sections.contains { $0.text.contains("山田 花子") })
        }
        let none = try ParsedPage(StaffCounterPrintPages.forms([], reference: "C-20261129-0001", context: viewContext(.en, path: base + "/forms")))
        XCTAssertTrue(none.all("section").isEmpty)
        XCTAssertTrue(none.main!.text.contains("No forms to print."))
    }

    func testTheReceptionSlipListsTheCountersInVisitingOrder() throws {
        let checklist = try checklist()
        let slip = ReceptionSlip(checklist: checklist, resident: resident)
        XCTAssertFalse(slip.stops.isEmpty)
        for (language, heading, order) in [(UILanguage.ja, "受付案内票", "次の順に窓口をお回りください。"), (.en, "Reception slip", "Please visit the counters in this order.")] {
            let page = try ParsedPage(StaffCounterPrintPages.slip(slip, reference: "C-20261129-0001", checklist: checklist,
                                                                  context: viewContext(language, path: base + "/slip", staff: "counter")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            XCTAssertTrue(page.main!.text.contains("受付番号 C-20261129-0001"))
            XCTAssertTrue(page.main!.text.contains("山田 花子 様"))
            XCTAssertTrue(page.main!.text.contains(order))
            let stops = try XCTUnwrap(page.first("ol", "class", "slip-stops")).children.compactMap { child -> Element? in
                if case .element(let e) = child, e.name == "li" { return e } else { return nil }
            }
            XCTAssertEqual(stops.map { $0.first("strong")?.text }, slip.stops.map(\.counterName))
            XCTAssertEqual(stops.map { $0.first("ul")?.all("li").map(\.text) ?? [] }, slip.stops.map(\.procedures))
        }
    }
}
