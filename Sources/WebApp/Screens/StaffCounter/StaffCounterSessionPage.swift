import Counter
import Foundation
import MadoguchiCore
import Plot

/// `/{code}/staff/counter/{session}`: the resident's basic four items, the questions as one short
/// form (answers the resident gives at the counter), and the resulting checklist with links to
/// print the forms and the 受付案内票.
enum StaffCounterSessionPage {
    struct Model {
        let id: UUID
        let reference: String
        let event: LifeEvent
        let content: CounterSessionContent
        let questions: [Question]
        let checklist: Checklist?
        let problems: [FieldProblem]
        /// The posted form when it came back with problems, so nothing typed is lost.
        let posted: [String: String]?
        /// Procedure id → its online form, to start the application with the resident's basic four items.
        var onlineForms: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/counter/\(model.id.uuidString.lowercased())"
        let resident = model.content.resident
        return Layout.page(
            title: context.t(LocalizedText(ja: "受付 \(model.reference)（\(model.event.name.ja)）", en: "Session \(model.reference) (\(model.event.name.en))")),
            context: context,
            Layout.problems(model.problems, context: context),
            .h2(.text(context.t(LocalizedText(ja: "基本4情報", en: "Basic four items")))),
            .dl(.attr("class", "basic-four"),
                .dt(.text(context.t(LocalizedText(ja: "氏名", en: "Name")))), .dd(.text(resident.name)),
                .dt(.text(context.t(LocalizedText(ja: "住所", en: "Address")))), .dd(.text(resident.address)),
                .dt(.text(context.t(LocalizedText(ja: "生年月日", en: "Date of birth")))), .dd(.text(Wareki.format(resident.birthDate))),
                .dt(.text(context.t(LocalizedText(ja: "性別", en: "Sex")))), .dd(.text(resident.sex)),
                .dt(.text(model.event.eventDate.label.text(l))), .dd(.text(ChecklistView.date(model.content.eventDate, l)))),
            .h2(.text(context.t(LocalizedText(ja: "質問", en: "Questions")))),
            .p(.attr("class", "help"), .text(context.t(LocalizedText(
                ja: "ご本人に確認しながら選んでください。答えによって追加の質問が表示されたときは、もう一度保存してください。",
                en: "Answer with the resident. If saving shows follow-up questions, answer them and save again.")))),
            .form(.method(.post), .attr("action", base + "/answers"),
                  Layout.csrfField(context),
                  .forEach(model.questions) { q in field(q, model: model, context: context) },
                  FormFields.submit(context.t(LocalizedText(ja: "回答を保存", en: "Save answers")))),
            .unwrap(model.checklist) { checklist in
                .group(
                    .h2(.text(context.t(LocalizedText(ja: "手続き一覧", en: "Checklist")))),
                    .ul(.attr("class", "actions"),
                        .li(.a(.attr("href", base + "/forms"), .text(context.t(LocalizedText(ja: "申請書を印刷（記入済み）", en: "Print pre-filled forms"))))),
                        .li(.a(.attr("href", base + "/slip"), .text(context.t(LocalizedText(ja: "受付案内票を印刷", en: "Print the reception slip")))))),
                    ChecklistView.render(checklist, onlineForms: model.onlineForms, resident: resident, context: context))
            },
            .form(.method(.post), .attr("action", base + "/delete"), .attr("class", "no-print"),
                  Layout.csrfField(context),
                  .p(.text(context.t(LocalizedText(ja: "手続きが終わったら受付記録を削除してください。", en: "Delete the session when the resident is done.")))),
                  .button(.type(.submit), .attr("class", "secondary"), .text(context.t(LocalizedText(ja: "この受付記録を削除", en: "Delete this session")))))
        )
    }

    /// One question as a labelled control named `fact.<id>`, showing the saved (or just typed) answer.
    private static func field(_ q: Question, model: Model, context: PageContext) -> Node<HTML.FormContext> {
        let l = context.language
        let name = "fact." + q.id
        let problem = model.problems.first { $0.field == name }
        let saved = model.content.facts.isAnswered(q.id) ? NavigatorForm.formValue(model.content.facts[q.id]) : ""
        let value = model.posted?[name] ?? saved
        switch q.type {
        case .boolean, .choice:
            var options: [(String, String)] = q.type == .boolean
                ? [("yes", l == .ja ? "はい" : "Yes"), ("no", l == .ja ? "いいえ" : "No")]
                : q.choices.map { ($0.value, $0.label.text(l)) }
            options.insert(("", context.t(LocalizedText(ja: "未回答", en: "Not answered"))), at: 0)
            if q.allowsUnknown { options.append(("unknown", context.t(LocalizedText(ja: "わからない", en: "Unknown")))) }
            return .div(.attr("class", problem == nil ? "field" : "field has-problem"),
                        .label(.attr("for", name), .text(q.text.text(l))),
                        .unwrap(problem) { p in .p(.attr("class", "field-problem"), .text(context.t(p.message))) },
                        .select(.attr("id", name), .attr("name", name), .forEach(options) { FormFields.option(value: $0.0, label: $0.1, selected: $0.0 == value) }))
        case .number, .date:
            return FormFields.text(name, label: q.text.text(l), value: value == "unknown" ? "" : value, problem: problem,
                                   context: context, autocomplete: "off", required: false)
        }
    }
}
