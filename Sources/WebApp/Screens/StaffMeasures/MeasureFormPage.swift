import Indicators
import MadoguchiCore
import Plot

/// `/{code}/staff/measures/new` and `/{code}/staff/measures/{measure}/edit`: the parts of the
/// 施策マネジメントシート that do not change from year to year, in the sheet's order.
enum MeasureFormPage {
    struct Model {
        /// nil: a new 施策.
        var code: String?
        var name: String
        var form: MeasureForm
        var version: Int
        var programmes: [(code: String, name: String)]
        var declarations: [IndicatorDeclaration]
        var problem: FieldProblem?
    }

    static func render(_ m: Model, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff"
        let indicators = DefinitionViews.indicatorOptions(m.declarations, context: context)
        func field(_ name: String, _ kind: DefinitionViews.Kind) -> Node<HTML.FormContext> {
            DefinitionViews.field(name, label: MeasureForm.label(name), kind: kind, values: m.form.values, problem: m.problem, context: context)
        }
        let title = m.code == nil ? (l == .ja ? "施策を登録する" : "New measure")
                                  : (l == .ja ? "施策を編集する（\(m.name)）" : "Edit the measure (\(m.name))")
        return Layout.page(
            title: title, context: context,
            Layout.problems(m.problem.map { [$0] } ?? [], context: context),
            .unwrap(m.code) { code in
                .ul(.li(.a(.attr("href", "\(base)/measures/\(code)"), .text(l == .ja ? "施策マネジメントシートを見る" : "View the sheet"))),
                    .li(.a(.attr("href", "\(base)/measures/\(code)/history"), .text(l == .ja ? "変更履歴（以前の版に戻す）" : "History (restore a version)"))))
            },
            .form(.method(.post), .attr("action", m.code.map { "\(base)/measures/\($0)/edit" } ?? "\(base)/measures"),
                  Layout.csrfField(context),
                  .if(m.code != nil, DefinitionViews.versionField(m.version)),
                  .fieldset(.element(named: "legend", nodes: [.text(l == .ja ? "施策" : "Measure")]),
                            .if(m.code == nil, field("code", .text(required: true))),
                            .unwrap(m.code) { code in .p(.text((l == .ja ? "施策コード: " : "Code: ") + code)) },
                            field("policy_name", .text(required: true)), field("name", .text(required: true)),
                            field("lead_department", .text(required: true)), field("related_departments", .text(required: false)),
                            field("author", .text(required: false))),
                  .fieldset(.element(named: "legend", nodes: [.text(l == .ja ? "1 施策の目的と指標" : "1 Purpose and indicators")]),
                            .p(.text(l == .ja ? "対象は1行に1つ書きます。指標は番号の順にシートに並びます。"
                                              : "One target group per line. Indicators appear on the sheet in slot order.")),
                            field("target_groups", .textArea(rows: 3)), field("intent", .textArea(rows: 4)),
                            .forEach(1...MeasureForm.indicatorSlots) { field("target_indicator_\($0)", .select(indicators)) },
                            .forEach(1...MeasureForm.indicatorSlots) { field("outcome_indicator_\($0)", .select(indicators)) }),
                  .forEach(1...MeasureForm.directionSlots) { n in
                      .fieldset(.element(named: "legend", nodes: [.text(l == .ja ? "施策の展開方向\(n)（空欄なら使いません）" : "Direction \(n) (leave empty if unused)")]),
                                field("direction_\(n)_name", .text(required: false)), field("direction_\(n)_purpose", .textArea(rows: 3)),
                                field("direction_\(n)_means", .textArea(rows: 4)))
                  },
                  .fieldset(.element(named: "legend", nodes: [.text(l == .ja ? "3 実績推移の表に表示する年度" : "3 Years the table shows")]),
                            .p(.text(l == .ja ? "2021、R3、令和3年度 のように入力します。最初から最後までの年度に、追加の年度（カンマ区切り）を加えて、20年度まで表示します。"
                                              : "Enter years as 2021, R3 or 令和3年度. The table shows first to last plus the extra years (comma-separated), 20 at most.")),
                            field("first_year", .text(required: true)), field("last_year", .text(required: true)),
                            field("extra_years", .text(required: false))),
                  FormFields.submit(context.t(UIStrings.save))),
            .unwrap(m.code) { code in
                .group(
                    .h2(.text(l == .ja ? "この施策の事務事業" : "Programmes under this measure")),
                    .p(.text(l == .ja ? "事務事業がどの施策に属するかは、事務事業の編集画面で選びます。"
                                      : "Which measure a programme belongs to is chosen on the programme's form.")),
                    .if(m.programmes.isEmpty, .p(.text(l == .ja ? "まだありません。" : "None yet."))),
                    .ul(.forEach(m.programmes) { p in
                        .li(.a(.attr("href", "\(base)/programmes/\(p.code)/edit"), .text("\(p.code) \(p.name)")))
                    }),
                    .p(.a(.attr("href", "\(base)/programmes/new?measure=\(code)"), .text(l == .ja ? "この施策の事務事業を登録する" : "Add a programme to this measure"))))
            }
        )
    }
}
