import Indicators
import MadoguchiCore
import Plot

/// `/{code}/staff/programmes/new` and `/{code}/staff/programmes/{programme}/edit`: 基本情報 and
/// 事業概要 of the 事務事業評価シート (seed 004), its indicators, the 施策 it belongs to, and the years its tables show.
enum ProgrammeFormPage {
    struct Model {
        /// nil: a new 事務事業.
        var code: String?
        var name: String
        var form: ProgrammeForm
        var version: Int
        var measures: [(code: String, name: String)]
        var declarations: [IndicatorDeclaration]
        var problem: FieldProblem?
    }

    static func render(_ m: Model, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/programmes"
        let indicators = DefinitionViews.indicatorOptions(m.declarations, context: context)
        let measures = [("", l == .ja ? "（なし）" : "(none)")] + m.measures.map { ($0.code, "\($0.code) \($0.name)") }
        func field(_ name: String, _ kind: DefinitionViews.Kind) -> Node<HTML.FormContext> {
            DefinitionViews.field(name, label: ProgrammeForm.label(name), kind: kind, values: m.form.values, problem: m.problem, context: context)
        }
        let title = m.code == nil ? (l == .ja ? "事務事業を登録する" : "New programme")
                                  : (l == .ja ? "事務事業を編集する（\(m.name)）" : "Edit the programme (\(m.name))")
        return Layout.page(
            title: title, context: context,
            Layout.problems(m.problem.map { [$0] } ?? [], context: context),
            .unwrap(m.code) { code in
                .ul(.li(.a(.attr("href", "\(base)/\(code)"), .text(l == .ja ? "事務事業評価シートを見る" : "View the sheet"))),
                    .li(.a(.attr("href", "\(base)/\(code)/history"), .text(l == .ja ? "変更履歴（以前の版に戻す）" : "History (restore a version)"))))
            },
            .form(.method(.post), .attr("action", m.code.map { "\(base)/\($0)/edit" } ?? base),
                  Layout.csrfField(context),
                  .if(m.code != nil, DefinitionViews.versionField(m.version)),
                  .fieldset(.element(named: "legend", nodes: [.text(l == .ja ? "事務事業" : "Programme")]),
                            .if(m.code == nil, field("code", .text(required: true))),
                            .unwrap(m.code) { code in .p(.text((l == .ja ? "計画事業番号: " : "Number: ") + code)) },
                            field("name", .text(required: true)), field("department", .text(required: true)),
                            field("phone", .text(required: false)), field("measure", .select(measures))),
                  .fieldset(.element(named: "legend", nodes: [.text(l == .ja ? "基本情報" : "Basics")]),
                            field("legal_basis", .textArea(rows: 2)), field("start_year", .text(required: false))),
                  .fieldset(.element(named: "legend", nodes: [.text(l == .ja ? "事業概要" : "Outline")]),
                            field("plan_1", .text(required: false)), field("plan_2", .text(required: false)), field("plan_3", .text(required: false)),
                            field("target", .textArea(rows: 2)), field("purpose", .textArea(rows: 4)),
                            .forEach(1...ProgrammeForm.activitySlots) { n in
                                .group(field("activity_\(n)_label", .text(required: false)), field("activity_\(n)_text", .textArea(rows: 3)))
                            }),
                  .fieldset(.element(named: "legend", nodes: [.text(l == .ja ? "評価指標" : "Indicators")]),
                            .p(.text(l == .ja ? "指標は番号の順にシートに並びます。人件費は、指標画面で入力する人数と1人当り平均人件費から計算します。"
                                              : "Indicators appear in slot order. Personnel cost is computed from the staff numbers and average cost entered on the indicators screen.")),
                            .forEach(1...ProgrammeForm.indicatorSlots) { field("activity_indicator_\($0)", .select(indicators)) },
                            .forEach(1...ProgrammeForm.indicatorSlots) { field("outcome_indicator_\($0)", .select(indicators)) }),
                  .fieldset(.element(named: "legend", nodes: [.text(l == .ja ? "表に表示する年度" : "Years the tables show")]),
                            .p(.text(l == .ja ? "2017、H29、平成29年度 のように入力します。20年度まで表示します。"
                                              : "Enter years as 2017, H29 or 平成29年度; 20 years at most.")),
                            field("first_year", .text(required: true)), field("last_year", .text(required: true)),
                            field("extra_years", .text(required: false))),
                  FormFields.submit(context.t(UIStrings.save)))
        )
    }
}
