import Indicators
import MadoguchiCore
import Plot

/// The staff trend dashboard: a summary table of the latest 実績値 against the target, then every
/// indicator's chart with its table (no JavaScript).
enum StaffTrendsPage {
    static func render(_ history: IndicatorHistory, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff"
        let shown = history.withValues
        return Layout.page(
            title: l == .ja ? "指標の推移" : "Indicator trends", context: context,
            .p(.text(l == .ja ? "各指標の実績値（実線）と目標値（破線）の推移です。各グラフの下に同じ数値の表があります。"
                              : "Each indicator's actual values (solid) and targets (dashed); a table of the same figures follows each chart."),
               .text(" "),
               .a(.attr("href", "\(base)/indicators"), .text(l == .ja ? "値の入力" : "Enter values")), .text(" ・ "),
               .a(.attr("href", "\(base)/measures"), .text(l == .ja ? "施策評価" : "Measure evaluation")), .text(" ・ "),
               .a(.attr("href", "\(base)/surveys"), .text(l == .ja ? "市民意識調査" : "Resident surveys"))),
            .if(shown.isEmpty, .p(.text(l == .ja ? "値のある指標はまだありません。" : "No indicator has values yet."))),
            .if(!shown.isEmpty, latest(history, context: context)),
            TrendChart.sections(history, context: context)
        )
    }

    /// Per indicator, its latest year with a 実績値, that value, the same year's target and n.
    static func latest(_ history: IndicatorHistory, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        let rows = history.withValues.compactMap { d -> (IndicatorDeclaration, Int, Double, Double?, Int?)? in
            guard let year = history.years.last(where: { history.table.value(d.id, $0, .actual) != nil }),
                  let value = history.table.value(d.id, year, .actual) else { return nil }
            return (d, year, value, history.table.value(d.id, year, .target), history.table.sampleSize(d.id, year))
        }
        return .table(.attr("class", "summary"),
            .caption(.text(l == .ja ? "最新の実績値" : "Latest actual values")),
            .thead(.tr(.th(.attr("scope", "col"), .text(l == .ja ? "指標" : "Indicator")),
                       .th(.attr("scope", "col"), .text(l == .ja ? "年度" : "Fiscal year")),
                       .th(.attr("scope", "col"), .text(l == .ja ? "実績値" : "Actual")),
                       .th(.attr("scope", "col"), .text(l == .ja ? "目標値" : "Target")),
                       .th(.attr("scope", "col"), .text(l == .ja ? "回答者数（n）" : "Respondents (n)")))),
            .tbody(.forEach(rows) { d, year, value, target, n in
                .tr(.th(.attr("scope", "row"), .text(context.t(d.title))),
                    .td(.text(l == .ja ? FiscalYear(startYear: year).warekiLabel : "FY\(year)")),
                    .td(.attr("class", "number"), .text(MeasureSheet.format(value, unit: d.unit) + context.t(d.unit.label))),
                    .td(.attr("class", "number"), .text(target.map { MeasureSheet.format($0, unit: d.unit) + context.t(d.unit.label) } ?? "—")),
                    .td(.attr("class", "number"), .text(n.map(String.init) ?? "—")))
            }))
    }
}
