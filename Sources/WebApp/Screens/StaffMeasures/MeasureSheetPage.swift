import Foundation
import Indicators
import MadoguchiCore
import Plot

/// `/{code}/staff/measures/{measure}?year=`: 施策マネジメントシート (seed 000) with the seed's seven
/// sections in its order; prints on A4 (`.sheet` rules under `@media print` in site.css).
enum MeasureSheetPage {
    static func render(_ s: MeasureSheet, canEdit: Bool = false, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/measures/\(s.measure.code)"
        let year = s.fiscalYear
        return Layout.page(
            title: (l == .ja ? "施策マネジメントシート" : "Measure evaluation sheet") + "（\(year.warekiLabel)）", context: context,
            .div(.attr("class", "sheet"),
                 .p(.attr("class", "no-print"),
                    .a(.attr("href", "\(base)/sheet.csv?year=\(year.startYear)"), .text(l == .ja ? "CSVでダウンロード" : "Download as CSV")), .text(" ／ "),
                    .a(.attr("href", "\(base)?year=\(year.startYear - 1)"), .text(l == .ja ? "前年度のシート" : "Previous year")), .text(" ／ "),
                    .a(.attr("href", "\(base)?year=\(year.startYear + 1)"), .text(l == .ja ? "翌年度のシート" : "Next year")),
                    .if(canEdit, .group(.text(" ／ "), .a(.attr("href", "\(base)/evaluation?year=\(year.startYear)"),
                                                          .text(l == .ja ? "この年度の評価を書く" : "Write this year's evaluation")),
                                        .text(" ／ "), .a(.attr("href", "\(base)/edit"), .text(l == .ja ? "施策の定義を編集する" : "Edit the measure")))),
                    .text(" ／ "), .a(.attr("href", "\(base)/history"), .text(l == .ja ? "変更履歴" : "History"))),
                 header(s, l),
                 section1(s, context: context),
                 section2(s, l),
                 section3(s, context: context),
                 section4(s, context: context),
                 section5(s, l),
                 section6(s, context: context),
                 section7(s, l))
        )
    }

    private static func header(_ s: MeasureSheet, _ l: UILanguage) -> Node<HTML.BodyContext> {
        let rows: [(String, String)] = [
            (l == .ja ? "政策名" : "Policy", s.measure.policyName), (l == .ja ? "基本施策名" : "Measure", s.measure.name),
            (l == .ja ? "施策統括課" : "Lead department", s.measure.leadDepartment),
            (l == .ja ? "主な関係課" : "Related departments", s.measure.relatedDepartments),
            (l == .ja ? "記入者" : "Author", s.measure.author),
        ]
        return .table(.attr("class", "sheet-header"), .caption(.text(l == .ja ? "施策の概要" : "Measure")),
                      .tbody(.forEach(rows) { r in .tr(.th(.attr("scope", "row"), .text(r.0)), .td(.text(r.1))) }))
    }

    private static func paragraphs(_ text: String) -> Node<HTML.BodyContext> {
        let lines = text.split(separator: "\n").map(String.init)
        return lines.isEmpty ? .p(.text("—")) : .group(lines.map { .p(.text($0)) })
    }

    private static func section1(_ s: MeasureSheet, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        return .section(.attr("aria-labelledby", "s1"),
            .h2(.attr("id", "s1"), .text(l == .ja ? "1 施策の目的と指標" : "1 Purpose and indicators")),
            .dl(.dt(.text(l == .ja ? "① 対象" : "Who or what it serves")), .dd(.ul(.forEach(s.content.targetGroups) { .li(.text($0)) })),
                .dt(.text(l == .ja ? "② 施策の目的（意図）" : "Intent")), .dd(paragraphs(s.content.intent)),
                .dt(.text(l == .ja ? "③ 対象指標" : "Target indicators")),
                .dd(.ul(.forEach(s.targetIndicators) { r in .li(.text("\(context.t(r.declaration.title))（\(context.t(r.declaration.unit.label))）")) })),
                .dt(.text(l == .ja ? "④ 成果指標" : "Outcome indicators")),
                .dd(.ul(.forEach(s.outcomeIndicators) { r in .li(.text("\(context.t(r.declaration.title))（\(context.t(r.declaration.unit.label))）")) }))))
    }

    private static func section2(_ s: MeasureSheet, _ l: UILanguage) -> Node<HTML.BodyContext> {
        .section(.attr("aria-labelledby", "s2"),
            .h2(.attr("id", "s2"), .text(l == .ja ? "2 施策の展開方向と取組内容" : "2 Directions and means")),
            .table(.caption(.text(l == .ja ? "施策の展開方向" : "Directions")),
                   .thead(.tr(.forEach(l == .ja ? ["展開方向", "名称", "目的", "手段（具体的な取組内容）"] : ["Direction", "Name", "Purpose", "Means"]) {
                       .th(.attr("scope", "col"), .text($0))
                   })),
                   .tbody(.forEach(Array(s.content.directions.enumerated())) { i, d in
                       .tr(.td(.text(String(i + 1))), .th(.attr("scope", "row"), .text(d.name)), .td(paragraphs(d.purpose)),
                           .td(.ul(.forEach(d.means) { .li(.text($0)) })))
                   })))
    }

    private static func section3(_ s: MeasureSheet, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        let evaluated = s.columns.firstIndex(of: s.fiscalYear.startYear)
        func cells(_ values: [Double?], unit: IndicatorUnit, computed: [Bool] = []) -> Node<HTML.TableRowContext> {
            .forEach(Array(values.enumerated())) { i, v in
                .td(.attr("class", i == evaluated ? "number evaluated" : "number"),
                    .text(MeasureSheet.format(v, unit: unit)),
                    .if(i < computed.count && computed[i] && v != nil, .span(.attr("class", "computed-mark"), .attr("title", l == .ja ? "自動集計" : "computed"), .text("※"))))
            }
        }
        let yearHeads: Node<HTML.TableRowContext> = .forEach(s.columns) { .th(.attr("scope", "col"), .text(MeasureSheet.columnLabel($0))) }
        func indicatorRows(_ group: [MeasureSheet.IndicatorRows], kind: String) -> Node<HTML.TableContext> {
            .tbody(.forEach(group) { r in
                .group(r.series.enumerated().map { n, line in
                    .tr(.if(n == 0, .th(.attr("scope", "rowgroup"), .attr("rowspan", String(r.series.count)),
                                        .text("\(kind) \(context.t(r.declaration.title))"))),
                        .th(.attr("scope", "row"), .text(context.t(line.series.label))),
                        .td(.text(context.t(r.declaration.unit.label))),
                        cells(line.values, unit: r.declaration.unit, computed: line.series == .actual ? r.computed : []),
                        .if(n == 0, .group(
                            .td(.attr("rowspan", String(r.series.count)), .text(r.achievement.map { context.t($0.label) } ?? "—")),
                            .td(.attr("rowspan", String(r.series.count)), .text(r.yearOnYear.map { context.t($0.label) } ?? "—")),
                            .td(.attr("rowspan", String(r.series.count)),
                                .text(s.content.indicatorNotes[r.declaration.id] ?? context.t(r.declaration.source))))))
                })
            })
        }
        return .section(.attr("aria-labelledby", "s3"),
            .h2(.attr("id", "s3"), .text(l == .ja ? "3 総事業費・指標等の実績推移と目標値" : "3 Costs and indicators over the years")),
            .div(.attr("class", "table-scroll"),
                 .table(.attr("class", "multi-year"),
                        .caption(.text(l == .ja ? "実績推移と目標値（\(s.fiscalYear.warekiLabel)評価、※は自動集計）"
                                                : "Figures and targets (evaluated FY\(s.fiscalYear.startYear); ※ computed)")),
                        .thead(.tr(.th(.attr("scope", "col"), .text(l == .ja ? "項目" : "Item")),
                                   .th(.attr("scope", "col"), .text(l == .ja ? "数値区分" : "Series")),
                                   .th(.attr("scope", "col"), .text(l == .ja ? "単位" : "Unit")),
                                   yearHeads,
                                   .th(.attr("scope", "col"), .text(l == .ja ? "目標達成度" : "Target met")),
                                   .th(.attr("scope", "col"), .text(l == .ja ? "前年度比較" : "Year on year")),
                                   .th(.attr("scope", "col"), .text(l == .ja ? "指標の説明又は出典元" : "Source")))),
                        .tbody(.attr("class", "costs"), .forEach(s.costs) { c in
                            .tr(.th(.attr("scope", "row"), .attr("class", c.isTotal ? "total" : nil), .text(context.t(c.label))),
                                .td(.text(l == .ja ? "実績値" : "Actual")),
                                .td(.text(context.t(c.unit.label))),
                                cells(c.values, unit: c.unit),
                                .td(), .td(), .td())
                        }),
                        indicatorRows(s.targetIndicators, kind: l == .ja ? "対象指標" : "Target"),
                        indicatorRows(s.outcomeIndicators, kind: l == .ja ? "成果指標" : "Outcome"))))
    }

    private static func section4(_ s: MeasureSheet, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        return .section(.attr("aria-labelledby", "s4"),
            .h2(.attr("id", "s4"), .text(l == .ja ? "4 施策の成果指標実績値に対する評価" : "4 Evaluation of the outcome indicators")),
            .h3(.text(l == .ja ? "(1) 施策全体の成果実績目標達成度 A（高度に達成）～E（ほぼ未達成）" : "(1) Targets met overall, A–E")),
            .p(.attr("class", "grade"), .text(s.achievementGrade.map { context.t($0.achievementLabel) } ?? "—"),
               .if(s.achievementGradeIsComputed, .text(l == .ja ? "（成果指標の目標達成度から自動判定）" : " (from the outcome indicators)"))),
            .h3(.text(l == .ja ? "(2) 時系列比較（過去3ヶ年の比較） A（かなり向上）～E（かなり低下）" : "(2) Trend over three years, A–E")),
            .p(.attr("class", "grade"), .text(s.evaluation.trendGrade.map { context.t($0.trendLabel) } ?? "—")),
            .h3(.text(l == .ja ? "(3) 上記(1)(2)の理由・背景" : "(3) Reasons")),
            paragraphs(s.evaluation.reasons))
    }

    private static func section5(_ s: MeasureSheet, _ l: UILanguage) -> Node<HTML.BodyContext> {
        let year = s.fiscalYear
        return .section(.attr("aria-labelledby", "s5"),
            .h2(.attr("id", "s5"), .text(l == .ja ? "5 施策の現状" : "5 Where the measure stands")),
            .h3(.text(l == .ja ? "(1) 施策を取り巻く状況（対象者や根拠法令等）はどう変化しているか" : "(1) How the surroundings changed")),
            paragraphs(s.evaluation.surroundings),
            .h3(.text(l == .ja ? "(2) 関係者（住民、議会、事業対象者、利害関係者等）からの意見や要望" : "(2) Stakeholders' opinions")),
            paragraphs(s.evaluation.opinions),
            .h3(.text(l == .ja ? "(3) 他自治体の取組状況との比較" : "(3) Compared with other municipalities")),
            paragraphs(s.evaluation.comparison),
            .h3(.text(l == .ja ? "(4) 施策の具体的な取組状況（\(year.warekiLabel)の取組状況）" : "(4) This year's work")),
            paragraphs(s.evaluation.workThisYear),
            .h3(.text(l == .ja ? "(4) \(year.next.warekiLabel)の取組予定" : "(4) Next year's plan")),
            paragraphs(s.evaluation.planNextYear))
    }

    private static func section6(_ s: MeasureSheet, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        return .section(.attr("aria-labelledby", "s6"),
            .h2(.attr("id", "s6"), .text(l == .ja ? "6 \(s.fiscalYear.warekiLabel)の評価結果" : "6 Evaluation for FY\(s.fiscalYear.startYear)")),
            .h3(.text(l == .ja ? "(1) 施策の全体総括" : "(1) Overall summary")),
            paragraphs(s.evaluation.summary),
            .h3(.text(l == .ja ? "(2) 施策の総合評価" : "(2) Overall grade")),
            .p(.attr("class", "grade"), .strong(.text(s.evaluation.overallGrade?.rawValue ?? "—"))),
            .dl(.attr("class", "grade-definitions"),
                .forEach(Grade.allCases) { g in .group(.dt(.text(g.rawValue)), .dd(.text(String(context.t(g.overallLabel).dropFirst(2))))) }))
    }

    private static func section7(_ s: MeasureSheet, _ l: UILanguage) -> Node<HTML.BodyContext> {
        .section(.attr("aria-labelledby", "s7"),
            .h2(.attr("id", "s7"), .text(l == .ja ? "7 施策の課題・今後の方向性" : "7 Issues and direction")),
            .h3(.text(l == .ja ? "(1) \(s.fiscalYear.next.next.warekiLabel)の取組方針" : "(1) Policy for the year after next")),
            paragraphs(s.evaluation.policyYearAfterNext),
            .h3(.text(l == .ja ? "(2) 中期的な取組方針" : "(2) Medium-term policy")),
            paragraphs(s.evaluation.mediumTerm))
    }
}
