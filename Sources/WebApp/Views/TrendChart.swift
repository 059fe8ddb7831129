import Foundation
import Indicators
import MadoguchiCore
import Plot

/// An indicator's trend as a server-rendered SVG line chart (実績値 solid, 目標値 dashed) with a
/// text alternative, followed by the same figures as a table: no JavaScript, readable without the
/// picture.
enum TrendChart {
    static let width = 640.0, height = 240.0
    static let left = 64.0, right = 16.0, top = 16.0, bottom = 32.0

    /// Every indicator of `history` with values: a section each with its chart, table and
    /// definition (the public 市の取組の成果 and the staff trends page).
    static func sections(_ history: IndicatorHistory, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        return .forEach(Array(history.withValues.enumerated())) { i, d in
            .section(.attr("aria-labelledby", "trend-\(i)-title"),
                     render(d, years: history.years, table: history.table, id: "trend-\(i)", context: context),
                     .p(.attr("class", "definition"), .text("\(l == .ja ? "定義" : "Definition"): \(context.t(d.definition))　"
                                                           + "\(l == .ja ? "出典" : "Source"): \(context.t(d.source))")))
        }
    }

    static func render(_ d: IndicatorDeclaration, years: [Int], table: IndicatorTable, id: String, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        let title = context.t(d.title)
        let actual = years.map { table.value(d.id, $0, .actual) }
        let target = years.map { table.value(d.id, $0, .target) }
        let all = (actual + target).compactMap { $0 }
        let top = max(all.max() ?? 1, d.unit == .percent ? 0 : 1) * 1.1
        let maxY = top == 0 ? 1 : top
        func x(_ i: Int) -> Double { left + (years.count <= 1 ? 0 : Double(i) * (width - left - right) / Double(years.count - 1)) }
        func y(_ v: Double) -> Double { height - bottom - v / maxY * (height - top - bottom - 0) }
        func points(_ values: [Double?]) -> String {
            values.enumerated().compactMap { i, v in v.map { String(format: "%.1f,%.1f", x(i), y($0)) } }.joined(separator: " ")
        }
        var summary = summaryText(d, years: years, actual: actual, target: target, l: l)
        // Figures measured on a sample (the survey) say how many answered.
        let sampled = years.contains { table.sampleSize(d.id, $0) != nil }
        if let last = years.last(where: { table.sampleSize(d.id, $0) != nil }), let n = table.sampleSize(d.id, last) {
            summary += l == .ja ? "\(FiscalYear(startYear: last).warekiLabel)の回答者数は\(n)人。" : " \(n) answered in FY\(last)."
        }
        let label = Double(Int(maxY))
        return .div(.attr("class", "trend"),
            .h3(.attr("id", "\(id)-title"), .text("\(title)（\(context.t(d.unit.label))）")),
            .element(named: "svg", nodes: [
                .attr("xmlns", "http://www.w3.org/2000/svg"), .attr("viewBox", "0 0 \(Int(width)) \(Int(height))"),
                .attr("width", String(Int(width))), .attr("height", String(Int(height))),
                .attr("role", "img"), .attr("aria-labelledby", "\(id)-title \(id)-desc"), .attr("class", "trend-chart"),
                .element(named: "desc", nodes: [.attr("id", "\(id)-desc"), .text(summary)]),
                .element(named: "line", nodes: [.attr("x1", fmt(left)), .attr("y1", fmt(y(0))), .attr("x2", fmt(width - right)), .attr("y2", fmt(y(0))),
                                                 .attr("stroke", "#595959")]),
                .element(named: "line", nodes: [.attr("x1", fmt(left)), .attr("y1", fmt(TrendChart.top)), .attr("x2", fmt(left)), .attr("y2", fmt(y(0))),
                                                 .attr("stroke", "#595959")]),
                .element(named: "text", nodes: [.attr("x", fmt(left - 6)), .attr("y", fmt(y(0))), .attr("text-anchor", "end"), .attr("font-size", "12"),
                                                 .text("0")]),
                .element(named: "text", nodes: [.attr("x", fmt(left - 6)), .attr("y", fmt(y(label) + 4)), .attr("text-anchor", "end"),
                                                 .attr("font-size", "12"), .text(MeasureSheet.format(label, unit: .count))]),
                .group(years.enumerated().map { i, year in
                    .element(named: "text", nodes: [.attr("x", fmt(x(i))), .attr("y", fmt(height - 10)), .attr("text-anchor", "middle"),
                                                     .attr("font-size", "11"), .text(MeasureSheet.columnLabel(year).replacingOccurrences(of: "年度", with: ""))])
                }),
                .if(!points(target).isEmpty,
                    .element(named: "polyline", nodes: [.attr("points", points(target)), .attr("fill", "none"), .attr("stroke", "#8a4b00"),
                                                         .attr("stroke-width", "2"), .attr("stroke-dasharray", "6 4")])),
                .if(!points(actual).isEmpty,
                    .element(named: "polyline", nodes: [.attr("points", points(actual)), .attr("fill", "none"), .attr("stroke", "#1a5fb4"),
                                                         .attr("stroke-width", "3")])),
                .group(actual.enumerated().compactMap { i, v in
                    v.map { .element(named: "circle", nodes: [.attr("cx", fmt(x(i))), .attr("cy", fmt(y($0))), .attr("r", "4"), .attr("fill", "#1a5fb4")]) }
                }),
            ]),
            .p(.attr("class", "trend-legend"),
               .text(l == .ja ? "実線: 実績値　破線: 目標値" : "Solid: actual. Dashed: target.")),
            .table(.caption(.text(l == .ja ? "\(title)の推移（表）" : "\(title) by year (table)")),
                   .thead(.tr(.th(.attr("scope", "col"), .text(l == .ja ? "年度" : "Fiscal year")),
                              .forEach(IndicatorSeries.allCases) { .th(.attr("scope", "col"), .text(context.t($0.label))) },
                              .if(sampled, .th(.attr("scope", "col"), .text(l == .ja ? "回答者数（n）" : "Respondents (n)"))))),
                   .tbody(.forEach(years) { year in
                       .tr(.th(.attr("scope", "row"), .text(l == .ja ? FiscalYear(startYear: year).warekiLabel : "FY\(year)")),
                           .forEach(IndicatorSeries.allCases) { s in
                               .td(.attr("class", "number"), .text(MeasureSheet.format(table.value(d.id, year, s), unit: d.unit)))
                           },
                           .if(sampled, .td(.attr("class", "number"), .text(table.sampleSize(d.id, year).map(String.init) ?? "—"))))
                   })))
    }

    /// The text alternative: the first and last 実績値 and the latest target.
    static func summaryText(_ d: IndicatorDeclaration, years: [Int], actual: [Double?], target: [Double?], l: UILanguage) -> String {
        let pairs = zip(years, actual).compactMap { y, v in v.map { (y, $0) } }
        guard let first = pairs.first, let last = pairs.last else {
            return l == .ja ? "実績値はまだありません。" : "No actual values yet."
        }
        let unit = d.unit.label.text(l)
        func label(_ year: Int) -> String { l == .ja ? FiscalYear(startYear: year).warekiLabel : "FY\(year)" }
        var text = l == .ja
            ? "実績値は\(label(first.0))の\(MeasureSheet.format(first.1, unit: d.unit))\(unit)から\(label(last.0))の\(MeasureSheet.format(last.1, unit: d.unit))\(unit)。"
            : "Actual from \(MeasureSheet.format(first.1, unit: d.unit)) \(unit) in \(label(first.0)) to \(MeasureSheet.format(last.1, unit: d.unit)) \(unit) in \(label(last.0))."
        if let t = Array(zip(years, target)).last(where: { $0.1 != nil }), let value = t.1 {
            text += l == .ja ? "目標値は\(label(t.0))に\(MeasureSheet.format(value, unit: d.unit))\(unit)。" : " Target \(MeasureSheet.format(value, unit: d.unit)) \(unit) in \(label(t.0))."
        }
        return text
    }

    private static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
}
