import MadoguchiCore
import Plot
import Surveys

/// The resident's survey: anonymous (no name, address or free text), one choice per question, the
/// invitation code from the letter; and the thank-you page.
enum SurveysPage {
    static func form(_ survey: Survey, definition: SurveyDefinition, values: [String: String], problems: [FieldProblem],
                     context: PageContext) -> HTML {
        let l = context.language
        let step = try? definition.formStep()
        func problem(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        return Layout.page(
            title: context.t(survey.title), context: context,
            .p(.text(l == .ja
                ? "この調査は無記名です。お名前・住所・連絡先をお聞きする欄はありません。招待コードは1通につき1回の回答を確かめるためだけに使い、回答とは結び付けずに保存します。"
                : "This survey is anonymous: nothing asks for your name, address or contact details. The invitation code only makes sure each letter answers once; it is not stored with your answers.")),
            .if(!survey.isOpen, .p(.attr("class", "notice"), .text(l == .ja ? "この調査の回答受付は終了しました。" : "This survey no longer accepts answers."))),
            Layout.problems(problems, context: context),
            .if(survey.isOpen,
                .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/surveys/\(survey.id?.uuidString.lowercased() ?? "")"),
                      Layout.csrfField(context),
                      FormFields.text("code", label: l == .ja ? "招待コード（案内状に記載の12文字）" : "Invitation code (12 characters, on your letter)",
                                      problem: problem("code"), context: context, autocomplete: "off"),
                      .forEach(step?.fields ?? []) { field in
                          choiceGroup(field.id, legend: context.t(field.label), required: field.required,
                                      choices: field.choices.map { ($0.value, context.t($0.label)) }, selected: values[field.id],
                                      problem: problem(field.id), context: context)
                      },
                      FormFields.submit(l == .ja ? "回答を送信する" : "Send my answers")))
        )
    }

    /// A question as radio buttons in a fieldset; the chosen one stays chosen after a problem.
    static func choiceGroup(_ name: String, legend: String, required: Bool, choices: [(value: String, label: String)], selected: String?,
                            problem: FieldProblem?, context: PageContext) -> Node<HTML.FormContext> {
        let errorID = "\(name)-error"
        return .fieldset(.attr("id", name), .attr("class", problem == nil ? "field" : "field has-problem"),
                         .attr("aria-describedby", problem == nil ? nil : errorID),
                         .element(named: "legend", nodes: [.text(legend + (required ? (context.language == .ja ? "（必須）" : " (required)") : ""))]),
                         .unwrap(problem) { p in .p(.attr("id", errorID), .attr("class", "field-problem"), .text(context.t(p.message))) },
                         .forEach(Array(choices.enumerated())) { i, choice in
                             .div(.attr("class", "choice"),
                                  .selfClosedElement(named: "input", attributes: [
                                      .type(.radio), .attr("id", "\(name)-\(i)"), .attr("name", name), .attr("value", choice.value),
                                      .attr("checked", selected == choice.value ? "checked" : nil),
                                  ] as [Attribute<HTML.InputContext>]),
                                  .label(.attr("for", "\(name)-\(i)"), .text(choice.label)))
                         })
    }

    static func thanks(_ survey: Survey, context: PageContext) -> HTML {
        let l = context.language
        return Layout.page(
            title: l == .ja ? "ご回答ありがとうございました" : "Thank you for your answers", context: context,
            .p(.text(l == .ja ? "「\(survey.titleJA)」へのご回答を受け付けました。結果は「市の取組の成果」のページで公表します。"
                              : "Your answers to \"\(survey.titleEN)\" have been received. The results will be published on the Results page.")),
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/results"), .text(l == .ja ? "市の取組の成果" : "Results of the city's work"))))
    }
}
