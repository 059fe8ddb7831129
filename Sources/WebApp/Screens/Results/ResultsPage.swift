import Indicators
import MadoguchiCore
import Plot
import Surveys

/// `/{code}/results`: 市の取組の成果 — each indicator's trend (chart and table) and the CSV.
enum ResultsPage {
    static func render(_ history: IndicatorHistory, surveys: [(survey: Survey, results: SurveyResults)] = [],
                       openSurveys: [Survey] = [], context: PageContext) -> HTML {
        let l = context.language
        let shown = history.withValues
        return Layout.page(
            title: l == .ja ? "市の取組の成果" : "Results of the city's work", context: context,
            .p(.text(l == .ja ? "総合計画の指標の実績値と目標値です。グラフの下に同じ数値の表があります。"
                              : "The plan's indicators: actual values and targets. Each chart is followed by a table of the same figures.")),
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/results.csv"),
                  .text(l == .ja ? "指標の一覧をCSVでダウンロード（年度ごと）" : "Download every indicator by year as CSV"))),
            .if(shown.isEmpty, .p(.text(l == .ja ? "公表できる数値はまだありません。" : "No figures yet."))),
            .if(!openSurveys.isEmpty, .section(.attr("aria-labelledby", "open-surveys-title"),
                .h2(.attr("id", "open-surveys-title"), .text(l == .ja ? "回答受付中の市民意識調査" : "Resident surveys taking answers")),
                .p(.text(l == .ja ? "案内状が届いた方は、記載の招待コードで回答できます（無記名）。" : "If you received a letter, answer with its invitation code (anonymous).")),
                .ul(.forEach(openSurveys) { s in
                    .li(.a(.attr("href", "/\(context.municipalityCode ?? "")/surveys/\(s.id?.uuidString.lowercased() ?? "")"), .text(context.t(s.title))))
                }))),
            TrendChart.sections(history, context: context),
            .forEach(Array(surveys.enumerated())) { i, published in
                .section(.attr("aria-labelledby", "survey-\(i)-title"),
                         .h2(.attr("id", "survey-\(i)-title"), .text((l == .ja ? "市民意識調査の結果：" : "Resident survey: ") + context.t(published.survey.title))),
                         SurveyResultsView.render(published.results, idPrefix: "survey-\(i)", context: context))
            }
        )
    }
}
