import Counter
import MadoguchiCore
@testable import WebApp
import XCTest

/// The life-event navigator's three screens as functions: the list of events, a question, and the checklist.
final class LifeEventViewTests: XCTestCase {
    let catalog = try! LifeEventCatalog.load()

    func testTheIndexLinksEveryEventInBothLanguages() throws {
        let events = catalog.lifeEvents
        XCTAssertFalse(events.isEmpty)
        for (language, heading) in [(UILanguage.ja, "手続きを調べる"), (.en, "Find your procedures")] {
            let page = try ParsedPage(LifeEventsIndexPage.render(events: events, context: viewContext(language, path: "/132152/life-events")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            XCTAssertEqual(page.links, events.map { "/132152/life-events/\($0.id)" })
            XCTAssertEqual(page.first("ul", "class", "event-list")?.all("a").map(\.text), events.map { $0.name.text(language) })
        }
    }

    /// The event-date screen: one labelled answer field, the screen named in a hidden field, next before back.
    func testTheEventDateScreenAsksForOneLabelledAnswer() throws {
        let event = try catalog.lifeEvent("moving")
        for language in UILanguage.allCases {
            let model = LifeEventQuestionPage.Model(event: event, eventDate: nil, answers: FactSet(), screen: .eventDate,
                                                    shownValue: "", problem: nil, progress: nil)
            let page = try ParsedPage(LifeEventQuestionPage.render(model, context: viewContext(language, path: "/132152/life-events/moving")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [event.name.text(language)])
            let form = try XCTUnwrap(page.first("form", "action", "/132152/life-events/moving"))
            XCTAssertEqual(page.fieldNames(in: form), ["q", "answer"])
            XCTAssertEqual(form.first("input", "name", "q")?["value"], "event_date")
            XCTAssertEqual(page.label(of: "answer"), event.eventDate.label.text(language))
            XCTAssertEqual(form.all("button").map { $0["value"] }, ["next", "back"], "Enter moves on")
        }
    }

    /// A question with a problem: the problem is announced, names the field, and the control says so.
    func testAQuestionWithAProblemPointsAtTheField() throws {
        let event = try catalog.lifeEvent("moving")
        let question = try XCTUnwrap(Navigator(event: event, eventDate: CivilDate(iso: "2026-12-01")).nextQuestion(after: FactSet()))
        let problem = FieldProblem(field: "answer", message: LocalizedText(ja: "選んでください", en: "Please choose one"))
        let model = LifeEventQuestionPage.Model(event: event, eventDate: CivilDate(iso: "2026-12-01"), answers: FactSet(),
                                                screen: .question(question), shownValue: "", problem: problem, progress: (0, 4))
        let page = try ParsedPage(LifeEventQuestionPage.render(model, context: viewContext(.ja)))
        page.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(page.h1, [event.name.ja + "（質問 1 / 4）"])
        let alert = try XCTUnwrap(page.first("div", "role", "alert"))
        XCTAssertTrue(alert.text.contains("選んでください"))
        XCTAssertEqual(page.first("input", "name", "q")?["value"], question.id)
        XCTAssertEqual(page.first("input", "name", "event_date")?["value"], "2026-12-01", "the date travels in a hidden field")
    }

    /// The checklist: one section per counter, one article per procedure, each in the deadline list.
    func testTheChecklistListsEveryProcedureByDeadlineAndByCounter() throws {
        let event = try catalog.lifeEvent("moving")
        let answers: FactSet = ["move_type": .choice("move_out"), "national_health_insurance": .bool(true),
                                "has_children_under_18": .bool(false), "care_insurance_certified": .bool(false)]
        let checklist = try ChecklistBuilder(catalog: catalog).checklist(event: "moving", eventDate: CivilDate(iso: "2026-12-05")!,
                                                                          facts: answers, today: CivilDate(iso: "2026-11-29")!)
        XCTAssertFalse(checklist.procedures.isEmpty)
        for (language, heading) in [(UILanguage.ja, "\(event.name.ja)の手続き一覧"), (.en, "Procedures: \(event.name.en)")] {
            let model = LifeEventChecklistPage.Model(event: event, checklist: checklist, answers: answers, printView: false)
            let page = try ParsedPage(LifeEventChecklistPage.render(model, context: viewContext(language)))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let list = try XCTUnwrap(page.first("div", "id", "checklist"))
            XCTAssertEqual(list.first("ol", "class", "by-deadline")?.all("a").compactMap { $0["href"] },
                           checklist.procedures.map { "#p-\($0.id)" })
            XCTAssertEqual(Set(list.all("article").compactMap { $0["id"] }), Set(checklist.procedures.map { "p-\($0.id)" }))
            XCTAssertEqual(list.all("section", "class", "counter-visit").count, checklist.counters.count)
            XCTAssertEqual(page.first("input", "name", "q")?["value"], "result")
            XCTAssertEqual(page.first("script")?["src"], "/static/read-aloud.js")
        }
    }
}
