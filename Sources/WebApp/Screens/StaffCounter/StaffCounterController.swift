import Counter
import FluentKit
import MadoguchiCore
import Plot
import Vapor

/// `/{code}/staff/counter`: assisted counter mode (書かない窓口). Staff enter the resident's basic four
/// items once, go through the navigator's questions with the resident, then print every needed form
/// pre-filled and a 受付案内票. Sessions are encrypted at rest, every opening is audited, and the
/// retention job deletes them after `MADOGUCHI_COUNTER_SESSION_RETENTION_DAYS`. A member sees only the
/// sessions they or their department's colleagues opened (`CounterSessionScope`); other ids are 404.
///
/// - `GET  /staff/counter`: saved sessions and the form to start one
/// - `POST /staff/counter`: start a session
/// - `GET  /staff/counter/{session}`: the questions (one short form) and the checklist
/// - `POST /staff/counter/{session}/answers`: save answers
/// - `GET  /staff/counter/{session}/forms`: the pre-filled paper forms, for printing
/// - `GET  /staff/counter/{session}/slip`: the 受付案内票, for printing
/// - `POST /staff/counter/{session}/delete`: delete the session
struct StaffCounterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let assist = CounterPermission.assist
        routes.on(.GET, "counter", requiring: assist, use: list)
        routes.on(.POST, "counter", requiring: assist, use: create)
        routes.on(.GET, "counter", ":session", requiring: assist, use: show)
        routes.on(.POST, "counter", ":session", "answers", requiring: assist, use: saveAnswers)
        routes.on(.GET, "counter", ":session", "forms", requiring: assist, use: forms)
        routes.on(.GET, "counter", ":session", "slip", requiring: assist, use: slip)
        routes.on(.POST, "counter", ":session", "delete", requiring: assist, use: delete)
    }

    struct NewSessionInput: Content {
        var event: String?
        var event_date: String?
        var name: String?
        var address: String?
        var birth_date: String?
        var sex: String?
    }

    func list(req: Request) async throws -> Response {
        try await renderList(req, input: NewSessionInput(), problems: [])
    }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(NewSessionInput.self)
        let catalog = try await req.lifeEventCatalog()
        let today = CivilDate.today()
        var problems: [FieldProblem] = []
        func problem(_ field: String, _ ja: String, _ en: String) { problems.append(FieldProblem(field: field, message: LocalizedText(ja: ja, en: en))) }
        let event = try? catalog.lifeEvent(input.event ?? "")
        if event == nil { problem("event", "「ライフイベント」を選んでください。", "Choose the life event.") }
        let eventDate = input.event_date.flatMap(CivilDate.init(typed:))
        if eventDate == nil { problem("event_date", "「きっかけとなった日」を 2026-11-01 または 令和8年11月1日 の形で入力してください。", "Enter the event date as 2026-11-01.") }
        let birthDate = input.birth_date.flatMap(CivilDate.init(typed:))
        if birthDate == nil { problem("birth_date", "「生年月日」を 1950-04-01 または 昭和25年4月1日 の形で入力してください。", "Enter the date of birth as 1950-04-01.") }
        let sex = input.sex ?? ""
        if !["男", "女", "その他"].contains(sex) { problem("sex", "「性別」を選んでください。", "Choose the sex.") }
        guard problems.isEmpty, let event, let eventDate, let birthDate else {
            return try await renderList(req, input: input, problems: problems)
        }
        let content = CounterSessionContent(resident: BasicFourItems(name: Self.clean(input.name), address: Self.clean(input.address),
                                                                     birthDate: birthDate, sex: sex), eventDate: eventDate)
        do {
            let opened = try await req.counterSessions().create(
                municipalityID: municipality.requireID(), event: event.id, content: content, today: today,
                by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/counter/\(opened.id.uuidString.lowercased())")
        } catch let error as CounterError {
            return try await renderList(req, input: input, problems: error.problems.isEmpty
                                        ? [FieldProblem(field: "event", message: error.message)] : error.problems)
        }
    }

    func show(req: Request) async throws -> Response {
        let opened = try await open(req, purpose: "view")
        return StaffCounterSessionPage.render(Self.model(opened, catalog: try await req.lifeEventCatalog(), problems: [], posted: nil,
                                                                         onlineForms: try await req.formCatalog().byProcedure), context: req.pageContext()).response()
    }

    func saveAnswers(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let opened = try await open(req, purpose: "answer")
        let fields = try req.content.decode([String: String].self)
        let navigator = Navigator(event: opened.event, eventDate: opened.content.eventDate)
        let today = CivilDate.today()
        var facts = FactSet()
        var problems: [FieldProblem] = []
        for question in navigator.visibleQuestions(answers: Self.merged(opened.content.facts, fields, navigator, today)) {
            guard let raw = fields["fact." + question.id] else { continue }
            do { facts[question.id] = try navigator.parseAnswer(raw, for: question, today: today) }
            catch { problems.append(FieldProblem(field: "fact." + question.id, message: error.message)) }
        }
        guard problems.isEmpty else {
            let model = Self.model(opened, catalog: try await req.lifeEventCatalog(), problems: problems, posted: fields,
                                   onlineForms: try await req.formCatalog().byProcedure)
            return StaffCounterSessionPage.render(model, context: req.pageContext()).response(status: .unprocessableEntity)
        }
        do {
            _ = try await req.counterSessions().saveAnswers(facts, session: opened.id, in: try await req.counterSessionScope(),
                                                            today: today, origin: req.origin, on: req.db)
        } catch let error as CounterError {
            let model = Self.model(opened, catalog: try await req.lifeEventCatalog(), problems: error.problems, posted: fields,
                                   onlineForms: try await req.formCatalog().byProcedure)
            return StaffCounterSessionPage.render(model, context: req.pageContext()).response(status: .unprocessableEntity)
        }
        return req.redirect(to: "/\(municipality.code)/staff/counter/\(opened.id.uuidString.lowercased())#checklist")
    }

    func forms(req: Request) async throws -> Response {
        let opened = try await open(req, purpose: "print_forms")
        let catalog = try await req.lifeEventCatalog()
        let checklist = try Self.checklist(opened, catalog: catalog)
        let forms = PaperFormFiller.forms(for: checklist, catalog: catalog, resident: opened.content.resident, facts: opened.content.facts)
        return StaffCounterPrintPages.forms(forms, reference: opened.reference, context: req.pageContext()).response()
    }

    func slip(req: Request) async throws -> Response {
        let opened = try await open(req, purpose: "print_slip")
        let checklist = try Self.checklist(opened, catalog: try await req.lifeEventCatalog())
        let slip = ReceptionSlip(checklist: checklist, resident: opened.content.resident)
        return StaffCounterPrintPages.slip(slip, reference: opened.reference, checklist: checklist, context: req.pageContext()).response()
    }

    func delete(req: Request) async throws -> Response {
        let municipality = try req.municipality
        guard let id = req.parameters.get("session").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        try await req.counterSessions().delete(id, in: try await req.counterSessionScope(), origin: req.origin, on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/counter")
    }

    // MARK: - Helpers

    private func open(_ req: Request, purpose: String) async throws -> CounterSessions.Opened {
        guard let id = req.parameters.get("session").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        return try await req.counterSessions().open(id, in: try await req.counterSessionScope(), purpose: purpose,
                                                    origin: req.origin, on: req.db)
    }

    private func renderList(_ req: Request, input: NewSessionInput, problems: [FieldProblem]) async throws -> Response {
        let sessions = try await req.counterSessions().list(in: try await req.counterSessionScope(), on: req.db)
        let model = StaffCounterListPage.Model(sessions: sessions, events: try await req.lifeEventCatalog().lifeEvents, input: input, problems: problems,
                                               retentionDays: req.madoguchi.configuration.counterSessionRetentionDays)
        return StaffCounterListPage.render(model, context: req.pageContext()).response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    static func checklist(_ opened: CounterSessions.Opened, catalog: LifeEventCatalog) throws -> Checklist {
        try ChecklistBuilder(catalog: catalog).checklist(event: opened.event.id, eventDate: opened.content.eventDate,
                                                         facts: opened.content.facts, today: CivilDate.today())
    }

    static func model(_ opened: CounterSessions.Opened, catalog: LifeEventCatalog, problems: [FieldProblem],
                      posted: [String: String]?, onlineForms: [String: String] = [:]) -> StaffCounterSessionPage.Model {
        let navigator = Navigator(event: opened.event, eventDate: opened.content.eventDate)
        let checklist = try? checklist(opened, catalog: catalog)
        return StaffCounterSessionPage.Model(id: opened.id, reference: opened.reference, event: opened.event, content: opened.content,
                                             questions: navigator.visibleQuestions(answers: opened.content.facts),
                                             checklist: checklist, problems: problems, posted: posted, onlineForms: onlineForms)
    }

    /// The saved answers overlaid with the posted ones that parse, so follow-up questions of a
    /// changed answer are read in the same post.
    static func merged(_ saved: FactSet, _ fields: [String: String], _ navigator: Navigator, _ today: CivilDate) -> FactSet {
        var facts = saved
        for question in navigator.event.questions {
            if let raw = fields["fact." + question.id], let value = try? navigator.parseAnswer(raw, for: question, today: today) {
                facts[question.id] = value
            }
        }
        return facts
    }

    /// Trims and caps a typed value (a name or an address is never longer than 200 characters).
    static func clean(_ text: String?) -> String {
        String((text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
    }
}

extension Request {
    /// The signed-in member's need-to-know scope over saved counter sessions (own and own department's).
    func counterSessionScope() async throws -> CounterSessionScope {
        try await CounterSessionScope.of(requireStaff(), in: municipality.requireID(), on: db)
    }
}
