import Counter
import Forms
import MadoguchiCore
import Plot
@testable import WebApp
import XCTest

/// `ChecklistView` writes its markup with `HTMLWriter` into one string; it must write exactly the bytes
/// the Plot view it replaced wrote (`PlotChecklistReference`), for every life event, in both languages,
/// with and without online forms and the assisted counter's resident, hostile values included.
final class ChecklistViewBytesTests: XCTestCase {
    let catalog = try! LifeEventCatalog.load()

    /// Fact sets that reach every branch: all unknown (items to check, facts to check), all yes / first
    /// choice, all no / last choice.
    private func factSets(_ event: LifeEvent, today: CivilDate) -> [FactSet] {
        var sets: [FactSet] = []
        for variant in 0..<3 {
            var facts = FactSet()
            for q in event.questions {
                switch (variant, q.type) {
                case (0, _) where q.allowsUnknown: facts[q.id] = .unknown
                case (0, _): continue
                case (_, .boolean): facts[q.id] = .bool(variant == 1)
                case (_, .choice): if let c = variant == 1 ? q.choices.first : q.choices.last { facts[q.id] = .choice(c.value) }
                case (_, .number): facts[q.id] = .number(variant == 1 ? (q.minimum ?? 0) : (q.maximum ?? 1))
                case (_, .date): facts[q.id] = .date(today.adding(days: variant == 1 ? -30_000 : -400))
                }
            }
            sets.append(facts)
        }
        return sets
    }

    private func bytes(_ node: Node<HTML.BodyContext>) -> String {
        HTML(.body(node)).render()
    }

    func testTheWriterWritesTheBytesPlotWrote() throws {
        let today = CivilDate.today()
        let forms = try FormCatalog.load().byProcedure
        let hostile = #""><script>alert('x')</script>&amp;"#
        let resident = BasicFourItems(name: "山田 \(hostile)", address: "国立市 \(hostile)", birthDate: CivilDate(iso: "1948-05-03")!, sex: "1")
        let hostileForms = forms.mapValues { $0 + hostile }
        var compared = 0, withForms = 0, toCheck = 0, passed = 0
        for event in catalog.lifeEvents {
            for eventDate in [today.adding(days: -1), today.adding(days: -400), today.adding(days: -20)] {
                for facts in factSets(event, today: today) {
                    guard let checklist = try? ChecklistBuilder(catalog: catalog).checklist(event: event.id, eventDate: eventDate, facts: facts, today: today)
                    else { continue }
                    for language in UILanguage.allCases {
                        var context = viewContext(language, path: "/132152/life-events/\(event.id)")
                        for (online, person, code) in [([String: String](), nil as BasicFourItems?, "132152"), (forms, nil, "132152"),
                                                       (hostileForms, resident, hostile)] {
                            context.municipalityCode = code
                            let written = bytes(ChecklistView.render(checklist, onlineForms: online, resident: person, context: context))
                            let reference = bytes(PlotChecklistReference.render(checklist, onlineForms: online, resident: person, context: context))
                            XCTAssertEqual(written, reference, "\(event.id) \(eventDate) \(language) \(facts)")
                            compared += 1
                            if written.contains("/prefill") { withForms += 1 }
                        }
                    }
                    if !checklist.toCheck.isEmpty { toCheck += 1 }
                    if checklist.procedures.contains(where: \.deadlinePassed) { passed += 1 }
                }
            }
        }
        XCTAssertGreaterThan(compared, 50)
        XCTAssertGreaterThan(withForms, 0, "some checklists carry an online form")
        XCTAssertGreaterThan(toCheck, 0, "some checklists have items to check")
        XCTAssertGreaterThan(passed, 0, "some deadlines have passed")
    }

    /// One article alone (the assisted counter shows them one by one).
    func testOneProcedureIsWrittenAsPlotWroteIt() throws {
        let today = CivilDate.today()
        let checklist = try ChecklistBuilder(catalog: catalog).checklist(event: "death", eventDate: today.adding(days: -1), facts: FactSet(), today: today)
        for item in checklist.procedures {
            for language in UILanguage.allCases {
                let context = viewContext(language)
                XCTAssertEqual(bytes(ChecklistView.procedure(item, onlineForm: "f\"<", eventDate: today, context: context)),
                               bytes(PlotChecklistReference.procedure(item, onlineForm: "f\"<", eventDate: today, context: context)))
            }
        }
    }
}
