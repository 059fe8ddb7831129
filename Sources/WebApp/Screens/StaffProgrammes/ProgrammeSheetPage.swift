import Indicators
import MadoguchiCore
import Plot

/// `/{code}/staff/programmes/{programme}?year=`: 事務事業評価シート (seed 004) in the seed's order.
enum ProgrammeSheetPage {
    static func render(_ s: ProgrammeSheet, canEdit: Bool = false, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/programmes/\(s.code)"
        let yearHeads: Node<HTML.TableRowContext> = .forEach(s.columns) { .th(.attr("scope", "col"), .text(ProgrammeSheet.columnLabel($0))) }
        return Layout.page(
            title: (l == .ja ? "事務事業評価シート" : "Programme evaluation sheet") + "（\(s.fiscalYear.warekiLabel)）", context: context,
            .div(.attr("class", "sheet"),
                 .p(.attr("class", "no-print"), .a(.attr("href", "\(base)/sheet.csv?year=\(s.fiscalYear.startYear)"),
                                                   .text(l == .ja ? "CSVでダウンロード" : "Download as CSV")),
                    .if(canEdit, .group(.text(" ／ "), .a(.attr("href", "\(base)/edit"), .text(l == .ja ? "事務事業の定義を編集する" : "Edit the programme")))),
                    .text(" ／ "), .a(.attr("href", "\(base)/history"), .text(l == .ja ? "変更履歴" : "History"))),
                 .table(.caption(.text(l == .ja ? "事務事業" : "Programme")),
                        .tbody(.forEach([("計画事業番号", s.code), ("事務事業名", s.name), ("担当部署", s.department), ("電話", s.phone)]
                                   + (s.content.measureCode.map { [("施策", $0)] } ?? [])) { r in
                            .tr(.th(.attr("scope", "row"), .text(r.0)), .td(.text(r.1)))
                        })),
                 .h2(.text("基本情報")),
                 .table(.caption(.text("基本情報")),
                        .tbody(.forEach(s.content.basics) { b in .tr(.th(.attr("scope", "row"), .text(b.label)), .td(.text(b.text))) })),
                 .h2(.text("事業概要")),
                 .dl(.dt(.text("1 総合計画体系")), .dd(.ul(.forEach(s.content.planStructure) { .li(.text($0)) })),
                     .dt(.text("2 対象")), .dd(.text(s.content.target)),
                     .dt(.text("3 目的と内容")), .dd(.text(s.content.purpose)),
                     .dt(.text("4 実施内容（手段）")),
                     .dd(.dl(.forEach(s.content.activities) { a in .group(.dt(.text(a.label)), .dd(.text(a.text))) }))),
                 .h2(.text("事業の計画・実績")),
                 .table(.caption(.text("事業の計画・実績")),
                        .thead(.tr(.th(.attr("scope", "col"), .text("年度")), .th(.attr("scope", "col"), .text("計画")),
                                   .th(.attr("scope", "col"), .text("実績")))),
                        .tbody(.forEach(s.content.plans) { p in
                            .tr(.th(.attr("scope", "row"), .text(ProgrammeSheet.columnLabel(p.year))), .td(.text(p.plan)), .td(.text(p.actual)))
                        })),
                 .h2(.text("評価結果・評価コメント")),
                 judgements(s),
                 .h2(.text("事業費の推移")),
                 .div(.attr("class", "table-scroll"),
                      .table(.attr("class", "multi-year costs"), .caption(.text("事業費の推移（単位: 千円、人件費は 一般／再任用）")),
                             .thead(.tr(.th(.attr("scope", "col"), .text("項目")), yearHeads)),
                             .tbody(.forEach(s.costs) { row in
                                 .tr(.th(.attr("scope", "row"), .text(row.label)),
                                     .forEach(Array(s.columns.indices)) { i in
                                         .td(.attr("class", "number"), .text(cell(row, i)))
                                     })
                             }))),
                 .h2(.text("評価指標")),
                 .div(.attr("class", "table-scroll"),
                      .table(.attr("class", "multi-year indicators"), .caption(.text("活動指標・成果指標")),
                             .thead(.tr(.th(.attr("scope", "col"), .text("区分")), .th(.attr("scope", "col"), .text("指標名")),
                                        .th(.attr("scope", "col"), .text("数値区分")), .th(.attr("scope", "col"), .text("単位")), yearHeads,
                                        .th(.attr("scope", "col"), .text("指標の定義（算式）")))),
                             .tbody(.group(indicatorRows(s.activityIndicators, kind: "活動指標", columns: s.columns)
                                           + indicatorRows(s.outcomeIndicators, kind: "成果指標", columns: s.columns))))),
                 .h2(.text("評価項目")),
                 .table(.caption(.text("評価項目（評点 3・2・1）")),
                        .thead(.tr(.th(.attr("scope", "col"), .text("チェック項目")), .th(.attr("scope", "col"), .text("評点")),
                                   .th(.attr("scope", "col"), .text("評点の意味")), .th(.attr("scope", "col"), .text("コメント")))),
                        .tbody(.forEach(s.evaluation?.scores ?? []) { score in
                            .tr(.th(.attr("scope", "row"), .text(score.item.label)), .td(.text(String(score.score))),
                                .td(.text(score.item.scale.joined(separator: "、"))), .td(.text(score.comment)))
                        })),
                 .dl(.dt(.text("法律で実施が義務付けられている事務事業か")),
                     .dd(.text(s.evaluation?.legallyRequired.map { $0 ? "法律の義務付けあり" : "法律の義務付けなし" } ?? "—")),
                     .dt(.text("民間活力の活用性評価")),
                     .dd(.text(s.evaluation?.privateSectorPossible.map { $0 ? "民間等での実施または市民等との協働が可能である。"
                                                                           : "民間等での実施または市民等との協働の可能性はない。" } ?? "—"))))
        )
    }

    private static func cell(_ row: ProgrammeSheet.Row, _ i: Int) -> String {
        let first = MeasureSheet.format(row.values[i], unit: row.unit)
        guard let second = row.second else { return first }
        return "\(first)／\(MeasureSheet.format(second[i], unit: row.unit))"
    }

    private static func judgements(_ s: ProgrammeSheet) -> Node<HTML.BodyContext> {
        .table(.caption(.text("総合判定（評価区分: " + Verdict.allCases.map { "「\($0.label)」" }.joined() + "）")),
               .thead(.tr(.th(.attr("scope", "col"), .text("総合判定")), .th(.attr("scope", "col"), .text("評価区分")),
                          .th(.attr("scope", "col"), .text("\(s.fiscalYear.next.warekiLabel)に向けた具体的な方向性")))),
               .tbody(.forEach(s.evaluation?.judgements ?? []) { j in
                   .tr(.th(.attr("scope", "row"), .text(j.stage)), .td(.text(j.verdict.label)), .td(.text(j.direction)))
               }))
    }

    private static func indicatorRows(_ group: [ProgrammeSheet.IndicatorRows], kind: String, columns: [Int]) -> [Node<HTML.TableContext>] {
        group.flatMap { r -> [Node<HTML.TableContext>] in
            let unit = r.declaration.unit
            let targets: [String] = r.targets?.map { MeasureSheet.format($0, unit: unit) } ?? columns.map { _ in "設定困難" }
            return [
                .tr(.th(.attr("scope", "rowgroup"), .attr("rowspan", "2"), .text(kind)),
                    .th(.attr("scope", "rowgroup"), .attr("rowspan", "2"), .text(r.declaration.title.ja)),
                    .th(.attr("scope", "row"), .text("目標値")), .td(.text(unit.label.ja)),
                    .forEach(targets) { .td(.attr("class", "number"), .text($0)) },
                    .td(.attr("rowspan", "2"), .text(r.declaration.definition.ja))),
                .tr(.th(.attr("scope", "row"), .text("実績値")), .td(.text(unit.label.ja)),
                    .forEach(r.actuals) { .td(.attr("class", "number"), .text(MeasureSheet.format($0, unit: unit))) }),
            ]
        }
    }
}
