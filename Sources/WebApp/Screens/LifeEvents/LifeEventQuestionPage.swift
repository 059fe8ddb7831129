import Counter
import MadoguchiCore
import Plot

/// One screen of the navigator: the event date, or one question. The answers so far travel in
/// hidden fields; 「次へ」 is the form's first button so Enter moves on, 「戻る」 keeps every answer.
enum LifeEventQuestionPage {
    enum Screen {
        case eventDate
        case question(Question)
    }

    struct Model {
        let event: LifeEvent
        let eventDate: CivilDate?
        let answers: FactSet
        let screen: Screen
        /// The value shown in the control: the saved answer, or what was typed when it came back with a problem.
        let shownValue: String
        let problem: FieldProblem?
        let progress: (answered: Int, total: Int)?
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let l = context.language
        let action = "/\(context.municipalityCode ?? "")/life-events/\(model.event.id)"
        let problem = model.problem.map { FieldProblem(field: "answer", message: $0.message) }
        let screenID: String
        let control: Node<HTML.FormContext>
        switch model.screen {
        case .eventDate:
            screenID = NavigatorForm.eventDateScreen
            control = dateField(label: model.event.eventDate.label.text(l), help: LocalizedText(
                ja: "例：2026-11-01 または 令和8年11月1日", en: "For example 2026-11-01"), value: model.shownValue, problem: problem,
                context: context)
        case .question(let q):
            screenID = q.id
            control = questionControl(q, value: model.shownValue, problem: problem, context: context)
        }
        let allowsUnknown: Bool
        if case .question(let q) = model.screen, q.allowsUnknown, q.type == .number || q.type == .date { allowsUnknown = true }
        else { allowsUnknown = false }
        let progressText = model.progress.map { p in
            context.t(LocalizedText(ja: "質問 \(min(p.answered + 1, p.total)) / \(p.total)", en: "Question \(min(p.answered + 1, p.total)) of \(p.total)"))
        }
        let title = model.event.name.text(l) + (progressText.map { "（\($0)）" } ?? "")
        return Layout.page(
            title: title, context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .form(.method(.post), .attr("action", action), .attr("class", "navigator"),
                  .forEach(NavigatorForm.hiddenFields(eventDate: model.eventDate, answers: model.answers, except: screenID)) { field in
                      .input(.type(.hidden), .attr("name", field.name), .attr("value", field.value))
                  },
                  .input(.type(.hidden), .attr("name", "q"), .attr("value", screenID)),
                  control,
                  .div(.attr("class", "navigator-buttons"),
                       FormFields.goButton("next", context.t(LocalizedText(ja: "次へ", en: "Next")), primary: true),
                       allowsUnknown ? FormFields.goButton("unknown", context.t(LocalizedText(ja: "わからない", en: "I don't know")), primary: false) : .empty,
                       FormFields.goButton("back", context.t(LocalizedText(ja: "戻る", en: "Back")), primary: false)),
                  .p(.attr("class", "privacy-note"), .text(context.t(LocalizedText(
                      ja: "入力した内容は市のサーバーに保存されません。", en: "What you enter is not stored on the city's server.")))))
        )
    }

    private static func questionControl(_ q: Question, value: String, problem: FieldProblem?, context: PageContext) -> Node<HTML.FormContext> {
        let l = context.language
        switch q.type {
        case .boolean:
            var options: [(String, LocalizedText)] = [("yes", LocalizedText(ja: "はい", en: "Yes")), ("no", LocalizedText(ja: "いいえ", en: "No"))]
            if q.allowsUnknown { options.append(("unknown", LocalizedText(ja: "わからない", en: "I don't know"))) }
            let selected = ["true": "yes", "false": "no"][value] ?? value
            return radios(q, options: options.map { ($0.0, $0.1.text(l)) }, selected: selected, problem: problem, context: context)
        case .choice:
            var options = q.choices.map { ($0.value, $0.label.text(l)) }
            if q.allowsUnknown { options.append(("unknown", context.t(LocalizedText(ja: "わからない", en: "I don't know")))) }
            return radios(q, options: options, selected: value, problem: problem, context: context)
        case .number:
            return inputField(label: q.text.text(l), help: q.help?.text(l), value: value == "unknown" ? "" : value, problem: problem,
                              type: .text, inputMode: "numeric", context: context)
        case .date:
            return dateField(label: q.text.text(l), help: q.help ?? LocalizedText(ja: "例：1948-05-03 または 昭和23年5月3日", en: "For example 1948-05-03"),
                             value: value == "unknown" ? "" : value, problem: problem, context: context)
        }
    }

    private static func radios(_ q: Question, options: [(String, String)], selected: String, problem: FieldProblem?,
                               context: PageContext) -> Node<HTML.FormContext> {
        let l = context.language
        return .fieldset(
            .attr("id", "answer"),
            .attr("class", problem == nil ? "question" : "question has-problem"),
            .attr("aria-describedby", problem == nil ? (q.help == nil ? nil : "answer-help") : "answer-error"),
            .element(named: "legend", nodes: [.text(q.text.text(l))]),
            .unwrap(q.help) { help in .p(.attr("id", "answer-help"), .attr("class", "help"), .text(help.text(l))) },
            .unwrap(problem) { p in .p(.attr("id", "answer-error"), .attr("class", "field-problem"), .text(context.t(p.message))) },
            .forEach(options.enumerated()) { index, option in
                .div(.attr("class", "choice"),
                     .selfClosedElement(named: "input", attributes: [
                        .type(.radio), .attr("id", "answer-\(index)"), .attr("name", "answer"), .attr("value", option.0),
                        .attr("checked", option.0 == selected ? "checked" : nil),
                     ] as [Attribute<HTML.InputContext>]),
                     .label(.attr("for", "answer-\(index)"), .text(option.1)))
            }
        )
    }

    private static func dateField(label: String, help: LocalizedText, value: String, problem: FieldProblem?, context: PageContext) -> Node<HTML.FormContext> {
        inputField(label: label, help: help.text(context.language), value: value, problem: problem, type: .text, inputMode: nil,
                   autocomplete: "off", context: context)
    }

    private static func inputField(label: String, help: String?, value: String, problem: FieldProblem?, type: HTMLInputType,
                                   inputMode: String?, autocomplete: String? = nil, context: PageContext) -> Node<HTML.FormContext> {
        let described = [help == nil ? nil : "answer-help", problem == nil ? nil : "answer-error"].compactMap { $0 }.joined(separator: " ")
        return .div(.attr("class", problem == nil ? "field question" : "field question has-problem"),
                    .label(.attr("for", "answer"), .text(label)),
                    .unwrap(help) { .p(.attr("id", "answer-help"), .attr("class", "help"), .text($0)) },
                    .unwrap(problem) { p in .p(.attr("id", "answer-error"), .attr("class", "field-problem"), .text(context.t(p.message))) },
                    .selfClosedElement(named: "input", attributes: [
                        .type(type), .attr("id", "answer"), .attr("name", "answer"), .attr("value", value),
                        .attr("inputmode", inputMode),
                        .attr("autocomplete", autocomplete),
                        .attr("aria-invalid", problem == nil ? nil : "true"),
                        .attr("aria-describedby", described.isEmpty ? nil : described),
                    ] as [Attribute<HTML.InputContext>]))
    }
}
