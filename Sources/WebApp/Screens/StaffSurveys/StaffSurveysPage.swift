import MadoguchiCore
import Plot
import Surveys

/// The staff screens of 市民意識調査: the list, the new-survey form, and one survey's page.
enum StaffSurveysPage {
    static func list(_ surveys: [Survey], canManage: Bool, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/surveys"
        return Layout.page(
            title: l == .ja ? "市民意識調査" : "Resident surveys", context: context,
            .if(canManage, .p(.a(.attr("href", "\(base)/new"), .text(l == .ja ? "新しい調査を作る" : "Create a survey")))),
            .if(surveys.isEmpty, .p(.text(l == .ja ? "調査はまだありません。" : "No surveys yet."))),
            .if(!surveys.isEmpty,
                .table(.caption(.text(l == .ja ? "調査の一覧" : "Surveys")),
                       .thead(.tr(.th(.attr("scope", "col"), .text(l == .ja ? "年度" : "Fiscal year")),
                                  .th(.attr("scope", "col"), .text(l == .ja ? "調査名" : "Title")),
                                  .th(.attr("scope", "col"), .text(l == .ja ? "回答受付" : "Answers")))),
                       .tbody(.forEach(surveys) { s in
                           .tr(.td(.text(l == .ja ? FiscalYear(startYear: s.fiscalYear).warekiLabel : "FY\(s.fiscalYear)")),
                               .td(.a(.attr("href", "\(base)/\(s.id?.uuidString.lowercased() ?? "")"), .text(context.t(s.title)))),
                               .td(.text(state(s.isOpen, l))))
                       })))
        )
    }

    static func state(_ open: Bool, _ l: UILanguage) -> String {
        open ? (l == .ja ? "受付中" : "Open") : (l == .ja ? "終了" : "Closed")
    }

    static func new(_ draft: SurveyDraft, problems: [FieldProblem], context: PageContext) -> HTML {
        let l = context.language
        func p(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        let indicators = [("", l == .ja ? "（指標に使わない）" : "(no indicator)")] + SurveyIndicators.all.map { ($0.id, context.t($0.title)) }
        return Layout.page(
            title: l == .ja ? "新しい市民意識調査" : "New resident survey", context: context,
            Layout.problems(problems, context: context),
            .p(.text(l == .ja
                ? "選択肢は1行に1つ、「日本語 / English」の形で書きます。指標の割合に数える選択肢は行頭に * を付けます。年齢と地区（「答えない」を含む）はどの調査でも最初に尋ねます。"
                : "Options one per line as \"日本語 / English\"; start an option counted toward the indicator's share with *. Age and area (with \"prefer not to say\") are always asked first.")),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/surveys"),
                  Layout.csrfField(context),
                  FormFields.text("title_ja", label: l == .ja ? "調査名（日本語）" : "Title (Japanese)", value: draft.titleJA, problem: p("title_ja"), context: context),
                  FormFields.text("title_en", label: l == .ja ? "調査名（英語・任意）" : "Title (English, optional)", value: draft.titleEN,
                                  problem: p("title_en"), context: context, required: false),
                  FormFields.text("fiscal_year", label: l == .ja ? "年度（西暦、例：2026）" : "Fiscal year (e.g. 2026)", value: draft.fiscalYear,
                                  problem: p("fiscal_year"), context: context),
                  FormFields.textArea("areas", label: l == .ja ? "地区（1行に1つ、「日本語 / English」）" : "Areas (one per line, \"日本語 / English\")",
                           value: draft.areas, problem: p("areas"), context: context),
                  .forEach(Array(draft.questions.enumerated())) { i, q in
                      let n = i + 1
                      return .fieldset(.attr("id", "q\(n)"),
                          .element(named: "legend", nodes: [.text(l == .ja ? "設問\(n)（空欄なら使いません）" : "Question \(n) (leave empty if unused)")]),
                          FormFields.text("q\(n)_text_ja", label: l == .ja ? "設問\(n)の文（日本語）" : "Question \(n) (Japanese)", value: q.textJA,
                                          problem: p("q\(n)_text_ja"), context: context, required: false),
                          FormFields.text("q\(n)_text_en", label: l == .ja ? "設問\(n)の文（英語・任意）" : "Question \(n) (English, optional)", value: q.textEN,
                                          problem: p("q\(n)_text_en"), context: context, required: false),
                          FormFields.textArea("q\(n)_choices", label: l == .ja ? "設問\(n)の選択肢" : "Question \(n) options", value: q.choices,
                                   problem: p("q\(n)_choices"), context: context),
                          StaffIndicatorsPage.select("q\(n)_indicator", label: l == .ja ? "設問\(n)が測る指標" : "Indicator question \(n) measures",
                                                     problem: p("q\(n)_indicator"), context: context, options: indicators, selected: q.indicator))
                  },
                  FormFields.submit(l == .ja ? "調査を作る" : "Create the survey"))
        )
    }

    static func detail(_ survey: Survey, results: SurveyResults, codes: (issued: Int, used: Int), canManage: Bool, problems: [FieldProblem],
                       context: PageContext) -> HTML {
        let l = context.language
        let code = context.municipalityCode ?? ""
        let id = survey.id?.uuidString.lowercased() ?? ""
        let base = "/\(code)/staff/surveys/\(id)"
        return Layout.page(
            title: context.t(survey.title), context: context,
            Layout.problems(problems, context: context),
            .table(.attr("class", "summary"),
                   .caption(.text(l == .ja ? "調査の概要" : "About the survey")),
                   .tbody(
                       .tr(.th(.attr("scope", "row"), .text(l == .ja ? "年度" : "Fiscal year")),
                           .td(.text(l == .ja ? FiscalYear(startYear: survey.fiscalYear).warekiLabel : "FY\(survey.fiscalYear)"))),
                       .tr(.th(.attr("scope", "row"), .text(l == .ja ? "回答受付" : "Answers")), .td(.text(state(survey.isOpen, l)))),
                       .tr(.th(.attr("scope", "row"), .text(l == .ja ? "回答ページ" : "Answer page")),
                           .td(.a(.attr("href", "/\(code)/surveys/\(id)"), .text("/\(code)/surveys/\(id)")))),
                       .tr(.th(.attr("scope", "row"), .text(l == .ja ? "招待コード（発行／使用済み）" : "Invitation codes (issued / used)")),
                           .td(.text("\(codes.issued) / \(codes.used)"))))),
            .if(canManage, .section(.attr("aria-labelledby", "codes-title"),
                .h2(.attr("id", "codes-title"), .text(l == .ja ? "招待コードの発行" : "Generate invitation codes")),
                .p(.text(l == .ja ? "発行したコードはこの一度だけCSVでダウンロードされます（保存するのはハッシュ値のみです）。印刷して標本の方へ郵送してください。"
                                  : "The codes are downloaded as CSV this once (only their hashes are kept); print and mail them to the sample.")),
                .form(.method(.post), .attr("action", "\(base)/codes"), Layout.csrfField(context),
                      FormFields.text("count", label: l == .ja ? "発行数（1〜\(SurveyCommands.maxCodes)）" : "How many (1–\(SurveyCommands.maxCodes))",
                                      problem: problems.first { $0.field == "count" }, context: context),
                      FormFields.submit(l == .ja ? "発行してCSVをダウンロード" : "Generate and download CSV")),
                .form(.method(.post), .attr("action", "\(base)/state"), Layout.csrfField(context),
                      .input(.type(.hidden), .attr("name", "open"), .attr("value", survey.isOpen ? "false" : "true")),
                      FormFields.submit(survey.isOpen ? (l == .ja ? "回答受付を終了する（結果を公表）" : "Close answers (publish results)")
                                                      : (l == .ja ? "回答受付を再開する" : "Reopen answers"))))),
            .h2(.text(l == .ja ? "集計結果" : "Results")),
            SurveyResultsView.render(results, idPrefix: "staff-survey", context: context)
        )
    }
}
