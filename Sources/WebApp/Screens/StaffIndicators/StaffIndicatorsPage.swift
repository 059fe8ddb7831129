import Foundation
import Indicators
import MadoguchiCore
import Plot

/// `/{code}/staff/indicators`: the registry (what each indicator is and how it is obtained), one
/// fiscal year's values, the entry form and the recent changes with their revert buttons.
enum StaffIndicatorsPage {
    struct Model {
        var declarations: [IndicatorDeclaration]
        var fiscalYear: FiscalYear
        var table: IndicatorTable
        var changes: [IndicatorValueChange]
        var measures: [(code: String, name: String)]
        var input: StaffIndicatorsController.Input
        var problem: FieldProblem?
        var notice: LocalizedText?
        var canEnter: Bool
    }

    static func render(_ m: Model, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/indicators"
        let year = m.fiscalYear.startYear
        let titles = Dictionary(m.declarations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func problemFor(_ field: String) -> FieldProblem? { m.problem?.field == field ? m.problem : nil }
        return Layout.page(
            title: l == .ja ? "指標と目標値" : "Indicators and targets", context: context,
            Layout.notice(m.notice.map(context.t)),
            Layout.problems(m.problem.map { [$0] } ?? [], context: context),
            .nav(.attr("aria-label", l == .ja ? "年度" : "Fiscal year"),
                 .ul(.li(.a(.attr("href", "\(base)?year=\(year - 1)"), .text(l == .ja ? "前年度" : "Previous year"))),
                     .li(.a(.attr("href", "\(base)?year=\(year + 1)"), .text(l == .ja ? "翌年度" : "Next year"))))),
            .table(.attr("class", "indicators"),
                   .caption(.text(l == .ja ? "指標一覧（\(m.fiscalYear.warekiLabel)）" : "Indicators (FY\(year))")),
                   .thead(.tr(.forEach(headers(l)) { .th(.attr("scope", "col"), .text($0)) })),
                   .tbody(.forEach(m.declarations) { d in
                       .tr(.th(.attr("scope", "row"), .text(context.t(d.title)), .br(), .code(.text(d.id))),
                           .td(.text(context.t(d.unit.label))),
                           .td(.text(context.t(d.kind.label))),
                           .td(.text(direction(d.direction, l))),
                           .td(.text(computation(d, l))),
                           .td(.text(context.t(d.definition))),
                           .td(.text(context.t(d.source))),
                           .forEach(IndicatorSeries.allCases) { s in
                               .td(.attr("class", "number"),
                                   .text(d.perMeasure ? (l == .ja ? "施策別" : "per measure") : MeasureSheet.format(m.table.value(d.id, year, s), unit: d.unit)),
                                   .if(s == .actual && m.table.isComputed(d.id, year), .text(l == .ja ? "（自動集計）" : " (computed)")))
                           },
                           .td(.text(Achievement.of(actual: m.table.value(d.id, year, .actual), target: m.table.value(d.id, year, .target),
                                                    direction: d.direction).map { context.t($0.label) } ?? "—")))
                   })),
            .if(m.canEnter, entryForm(m, context: context, base: base, problemFor: problemFor)),
            .h2(.text(l == .ja ? "最近の変更" : "Recent changes")),
            .if(m.changes.isEmpty, .p(.text(l == .ja ? "変更はまだありません。" : "No changes yet."))),
            .if(!m.changes.isEmpty, .table(
                .caption(.text(l == .ja ? "最近の変更（20件まで）" : "Recent changes (up to 20)")),
                .thead(.tr(.forEach(l == .ja ? ["日時", "指標", "施策", "年度", "数値区分", "変更前", "変更後", "取消"]
                                              : ["When", "Indicator", "Measure", "Year", "Series", "Before", "After", "Revert"]) {
                    .th(.attr("scope", "col"), .text($0))
                })),
                .tbody(.forEach(m.changes) { c in
                    let d = titles[c.indicatorID]
                    let unit = d?.unit ?? .count
                    return .tr(.td(.text(TimeText.minutes(c.changedAt))),
                               .td(.text(d.map { context.t($0.title) } ?? c.indicatorID)),
                               .td(.text(c.scope)),
                               .td(.text(FiscalYear(startYear: c.fiscalYear).warekiLabel)),
                               .td(.text(IndicatorSeries(rawValue: c.series).map { context.t($0.label) } ?? c.series)),
                               .td(.attr("class", "number"), .text(MeasureSheet.format(c.previousValue, unit: unit))),
                               .td(.attr("class", "number"), .text(MeasureSheet.format(c.newValue, unit: unit))),
                               .td(.if(m.canEnter, .form(.method(.post), .attr("action", "\(base)/changes/\(c.id?.uuidString.lowercased() ?? "")/revert"),
                                                         Layout.csrfField(context),
                                                         .button(.type(.submit), .attr("class", "secondary"),
                                                                 .text(l == .ja ? "この変更を取り消す" : "Revert this change"))))))
                })))
        )
    }

    private static func headers(_ l: UILanguage) -> [String] {
        l == .ja ? ["指標", "単位", "区分", "良い方向", "求め方", "定義（算式）", "出典"] + IndicatorSeries.allCases.map { $0.label.ja } + ["目標達成度"]
                 : ["Indicator", "Unit", "Kind", "Better", "Obtained", "Definition", "Source"] + IndicatorSeries.allCases.map { $0.label.en } + ["Target met"]
    }

    private static func direction(_ d: IndicatorDirection, _ l: UILanguage) -> String {
        switch d {
        case .higherIsBetter: return l == .ja ? "高いほど良い" : "Higher"
        case .lowerIsBetter: return l == .ja ? "低いほど良い" : "Lower"
        case .neutral: return "—"
        }
    }

    private static func computation(_ d: IndicatorDeclaration, _ l: UILanguage) -> String {
        switch d.computation {
        case .live: return l == .ja ? "自動集計" : "Computed"
        case .ratio: return l == .ja ? "他の指標から算出" : "Derived"
        case .entered: return l == .ja ? "職員が入力" : "Entered by staff"
        }
    }

    private static func entryForm(_ m: Model, context: PageContext, base: String,
                                  problemFor: (String) -> FieldProblem?) -> Node<HTML.BodyContext> {
        let l = context.language
        return .group(
            .h2(.text(l == .ja ? "値を入力する" : "Enter a value")),
            .p(.text(l == .ja ? "値を空欄にして保存すると、その値を削除します。変更はすべて記録され、取り消せます。"
                              : "Saving an empty value removes it. Every change is recorded and can be reverted.")),
            .form(.method(.post), .attr("action", "\(base)/values"),
                  Layout.csrfField(context),
                  select("indicator", label: l == .ja ? "指標" : "Indicator", problem: problemFor("indicator"), context: context,
                         options: m.declarations.map { ($0.id, "\(context.t($0.title))（\(context.t($0.unit.label))）") },
                         selected: m.input.indicator ?? ""),
                  select("scope", label: l == .ja ? "施策（施策ごとの指標のみ）" : "Measure (per-measure indicators only)",
                         problem: problemFor("scope"), context: context,
                         options: [("", l == .ja ? "なし" : "None")] + m.measures.map { ($0.code, "\($0.code) \($0.name)") },
                         selected: m.input.scope ?? ""),
                  FormFields.text("fiscal_year", label: l == .ja ? "年度（例: 2021、R3、令和3年度）" : "Fiscal year (e.g. 2021, R3)",
                                  value: m.input.fiscal_year ?? "", problem: problemFor("fiscal_year"), context: context),
                  select("series", label: l == .ja ? "数値区分" : "Series", problem: problemFor("series"), context: context,
                         options: IndicatorSeries.allCases.map { ($0.rawValue, context.t($0.label)) }, selected: m.input.series ?? ""),
                  FormFields.text("value", label: l == .ja ? "値（空欄で削除）" : "Value (empty removes it)", value: m.input.value ?? "",
                                  problem: problemFor("value"), context: context, required: false),
                  FormFields.submit(context.t(UIStrings.save))))
    }

    static func select(_ name: String, label: String, problem: FieldProblem?, context: PageContext,
                       options: [(value: String, label: String)], selected: String) -> Node<HTML.FormContext> {
        let errorID = "\(name)-error"
        return .div(.attr("class", problem == nil ? "field" : "field has-problem"),
                    .label(.attr("for", name), .text(label)),
                    .unwrap(problem) { p in .p(.attr("id", errorID), .attr("class", "field-problem"), .text(context.t(p.message))) },
                    .select(.attr("id", name), .attr("name", name),
                            .attr("aria-invalid", problem == nil ? nil : "true"),
                            .attr("aria-describedby", problem == nil ? nil : errorID),
                            .forEach(options) { o in FormFields.option(value: o.value, label: o.label, selected: o.value == selected) }))
    }

}
