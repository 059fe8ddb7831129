import Indicators
import MadoguchiCore
import Plot

/// `/{code}/results`: 市の取組の成果 — each indicator's trend (chart and table) and the CSV.
enum ResultsPage {
    static func render(_ history: IndicatorHistory, context: PageContext) -> HTML {
        let l = context.language
        let shown = history.withValues
        return Layout.page(
            title: l == .ja ? "市の取組の成果" : "Results of the city's work", context: context,
            .p(.text(l == .ja ? "総合計画の指標の実績値と目標値です。グラフの下に同じ数値の表があります。"
                              : "The plan's indicators: actual values and targets. Each chart is followed by a table of the same figures.")),
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/results.csv"),
                  .text(l == .ja ? "指標の一覧をCSVでダウンロード（年度ごと）" : "Download every indicator by year as CSV"))),
            .if(shown.isEmpty, .p(.text(l == .ja ? "公表できる数値はまだありません。" : "No figures yet."))),
            .forEach(Array(shown.enumerated())) { i, d in
                .section(.attr("aria-labelledby", "trend-\(i)-title"),
                         TrendChart.render(d, years: history.years, table: history.table, id: "trend-\(i)", context: context),
                         .p(.attr("class", "definition"), .text("\(l == .ja ? "定義" : "Definition"): \(context.t(d.definition))　"
                                                               + "\(l == .ja ? "出典" : "Source"): \(context.t(d.source))")))
            }
        )
    }
}
