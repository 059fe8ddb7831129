import Counter
import MadoguchiCore
import Plot
import Vapor

/// `/{code}/life-events`: the resident's navigator (おくやみ・出生・引越し).
///
/// - `GET /{code}/life-events`: choose a life event.
/// - `GET /{code}/life-events/{event}`: the first screen (the event date).
/// - `POST /{code}/life-events/{event}`: every further screen. The answers travel in the form
///   (hidden fields), so nothing is stored on the server and nothing personal enters a URL; the
///   back button re-posts them, so no answer is lost.
struct LifeEventsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let events = routes.grouped("life-events")
        events.get(use: index).publicRead()
        events.get(":event", use: start).publicRead()
        // A pure function of the path, the posted answers, the language and the day: kept a while.
        events.post(":event", use: step).publicComputed()
    }

    func index(req: Request) async throws -> Response {
        LifeEventsIndexPage.render(events: try await req.lifeEventCatalog().lifeEvents, context: req.pageContext()).response()
    }

    func start(req: Request) async throws -> Response {
        let event = try await lifeEvent(req)
        let page = LifeEventQuestionPage.Model(event: event, eventDate: nil, answers: FactSet(), screen: .eventDate,
                                               shownValue: "", problem: nil, progress: nil)
        return LifeEventQuestionPage.render(page, context: req.pageContext()).response()
    }

    func step(req: Request) async throws -> Response {
        let catalog = try await req.lifeEventCatalog()
        let event = try await lifeEvent(req)
        let today = req.serviceToday
        let fields = try req.postedFields()
        var form = NavigatorForm(fields: fields, navigator: Navigator(event: event, eventDate: nil), today: today)
        let context = req.pageContext()

        // The first screen: the event date.
        if form.screen == NavigatorForm.eventDateScreen || form.eventDate == nil {
            if form.action == .back { return req.redirect(to: "/\(try req.municipality.code)/life-events", redirectType: .normal) }
            let raw = form.rawAnswer.trimmingCharacters(in: .whitespaces)
            do {
                let date = try Self.parseEventDate(raw, event: event)
                try AnswerValidator.validateEventDate(date, for: event, today: today)
                form.eventDate = date
            } catch {
                let page = LifeEventQuestionPage.Model(event: event, eventDate: nil, answers: form.answers, screen: .eventDate,
                                                       shownValue: raw, problem: error.problems.first, progress: nil)
                return LifeEventQuestionPage.render(page, context: context).response(status: .unprocessableEntity)
            }
            return render(event: event, form: form, after: nil, catalog: catalog, today: today,
                          onlineForms: req.madoguchi.formCatalog.byProcedure, context: context)
        }

        let navigator = Navigator(event: event, eventDate: form.eventDate)
        if form.screen == NavigatorForm.resultScreen {
            if form.action == .print {
                return checklistPage(event: event, form: form, catalog: catalog, printView: true, today: today,
                                     onlineForms: req.madoguchi.formCatalog.byProcedure, context: context)
            }
            return show(navigator.previousQuestion(before: nil, answers: form.answers), event: event, form: form, context: context)
        }
        guard let question = event.question(form.screen) else {
            return render(event: event, form: form, after: nil, catalog: catalog, today: today,
                          onlineForms: req.madoguchi.formCatalog.byProcedure, context: context)
        }
        let raw = form.action == .unknown ? "unknown" : form.rawAnswer
        if form.action == .back {
            if let value = try? navigator.parseAnswer(raw, for: question, today: today), !form.rawAnswer.isEmpty { form.answers[question.id] = value }
            return show(navigator.previousQuestion(before: question.id, answers: form.answers), event: event, form: form, context: context)
        }
        do {
            form.answers[question.id] = try navigator.parseAnswer(raw, for: question, today: today)
        } catch {
            let page = LifeEventQuestionPage.Model(event: event, eventDate: form.eventDate, answers: form.answers,
                                                   screen: .question(question), shownValue: form.rawAnswer,
                                                   problem: error.problems.first, progress: navigator.progress(answers: form.answers))
            return LifeEventQuestionPage.render(page, context: context).response(status: .unprocessableEntity)
        }
        return render(event: event, form: form, after: question.id, catalog: catalog, today: today,
                      onlineForms: req.madoguchi.formCatalog.byProcedure, context: context)
    }

    /// The screen after `after` (nil: after the event date): the next shown question in order, with
    /// its answer pre-selected if it has one (the resident came back to change something), then any
    /// question still unanswered, then the checklist.
    private func render(event: LifeEvent, form: NavigatorForm, after: String?, catalog: LifeEventCatalog, today: CivilDate,
                        onlineForms: [String: String] = [:], context: PageContext) -> Response {
        let navigator = Navigator(event: event, eventDate: form.eventDate)
        var form = form
        form.answers = navigator.effectiveAnswers(form.answers)
        let visible = navigator.visibleQuestions(answers: form.answers)
        let position = after.flatMap { id in visible.firstIndex { $0.id == id } }.map { $0 + 1 } ?? 0
        if let next = visible.dropFirst(position).first ?? navigator.nextQuestion(after: form.answers) {
            return show(next, event: event, form: form, context: context)
        }
        return checklistPage(event: event, form: form, catalog: catalog, printView: false, today: today, onlineForms: onlineForms, context: context)
    }

    /// A question screen (nil: the event-date screen) with its saved answer pre-selected.
    private func show(_ question: Question?, event: LifeEvent, form: NavigatorForm, context: PageContext) -> Response {
        let navigator = Navigator(event: event, eventDate: form.eventDate)
        let shown = question.map { form.answers.isAnswered($0.id) ? NavigatorForm.formValue(form.answers[$0.id]) : "" }
            ?? form.eventDate?.description ?? ""
        let page = LifeEventQuestionPage.Model(event: event, eventDate: form.eventDate, answers: form.answers,
                                               screen: question.map { .question($0) } ?? .eventDate, shownValue: shown,
                                               problem: nil, progress: navigator.progress(answers: form.answers))
        return LifeEventQuestionPage.render(page, context: context).response()
    }

    private func checklistPage(event: LifeEvent, form: NavigatorForm, catalog: LifeEventCatalog, printView: Bool, today: CivilDate,
                               onlineForms: [String: String] = [:], context: PageContext) -> Response {
        guard let eventDate = form.eventDate else { return show(nil, event: event, form: form, context: context) }
        let answers = Navigator(event: event, eventDate: eventDate).effectiveAnswers(form.answers)
        do {
            let checklist = try ChecklistBuilder(catalog: catalog).checklist(
                event: event.id, eventDate: eventDate, facts: answers, today: today)
            let page = LifeEventChecklistPage.Model(event: event, checklist: checklist, answers: answers, printView: printView,
                                                    onlineForms: onlineForms)
            return LifeEventChecklistPage.render(page, context: context).response()
        } catch {
            let page = LifeEventQuestionPage.Model(event: event, eventDate: eventDate, answers: answers, screen: .eventDate,
                                                   shownValue: eventDate.description, problem: error.problems.first, progress: nil)
            return LifeEventQuestionPage.render(page, context: context).response(status: .unprocessableEntity)
        }
    }

    private func lifeEvent(_ req: Request) async throws -> LifeEvent {
        let catalog = try await req.lifeEventCatalog()
        do { return try catalog.lifeEvent(req.parameters.get("event") ?? "") } catch { throw WebError.notFound }
    }

    /// `YYYY-MM-DD` (what a date control sends) or 和暦 typed by hand (令和8年11月1日).
    static func parseEventDate(_ raw: String, event: LifeEvent) throws(CounterError) -> CivilDate {
        let label = event.eventDate.label
        guard !raw.isEmpty else {
            throw CounterError(.invalidInput, ja: "「\(label.ja)」を入力してください。", en: "\(label.en) is required.", field: "answer")
        }
        if let date = CivilDate(typed: raw) { return date }
        throw CounterError(.invalidInput, ja: "「\(label.ja)」は 2026-11-01 または 令和8年11月1日 の形で、実在する日付を入力してください。",
                           en: "\(label.en) must be a real date such as 2026-11-01.", field: "answer")
    }
}
