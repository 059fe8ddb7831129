import Indicators
import MadoguchiCore
import Plot

/// `/{code}/staff/measures/{measure}/evaluation?year=`: the form for sections 4–7 of the sheet
/// (grades and texts) for one fiscal year.
enum MeasureEvaluationPage {
    /// Field name, label (Japanese, English), in the sheet's order.
    static let texts: [(name: String, ja: String, en: String)] = [
        ("reasons", "4 (3) 理由・背景", "4 (3) Reasons"),
        ("surroundings", "5 (1) 施策を取り巻く状況の変化", "5 (1) Surroundings"),
        ("opinions", "5 (2) 関係者からの意見・要望", "5 (2) Stakeholders' opinions"),
        ("comparison", "5 (3) 他自治体との比較", "5 (3) Compared with others"),
        ("work_this_year", "5 (4) 当年度の取組状況", "5 (4) This year's work"),
        ("plan_next_year", "5 (4) 翌年度の取組予定", "5 (4) Next year's plan"),
        ("summary", "6 (1) 施策の全体総括", "6 (1) Overall summary"),
        ("policy_year_after_next", "7 (1) 翌々年度の取組方針", "7 (1) Policy for the year after next"),
        ("medium_term", "7 (2) 中期的な取組方針", "7 (2) Medium-term policy"),
    ]

    static func render(code: String, name: String, year: FiscalYear, values: [String: String], problem: FieldProblem?,
                       context: PageContext) -> HTML {
        let l = context.language
        func problemFor(_ field: String) -> FieldProblem? { problem?.field == field ? problem : nil }
        let grades = [("", l == .ja ? "（自動判定・未選択）" : "(computed or none)")] + Grade.allCases.map { ($0.rawValue, $0.rawValue) }
        return Layout.page(
            title: (l == .ja ? "施策の評価を書く" : "Write the evaluation") + "（\(name)・\(year.warekiLabel)）", context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/measures/\(code)/evaluation?year=\(year.startYear)"),
                  Layout.csrfField(context),
                  StaffIndicatorsPage.select("achievement_grade", label: l == .ja ? "4 (1) 成果実績目標達成度（空欄は成果指標から自動判定）" : "4 (1) Targets met (empty: computed)",
                                             problem: problemFor("achievement_grade"), context: context, options: grades,
                                             selected: values["achievement_grade"] ?? ""),
                  StaffIndicatorsPage.select("trend_grade", label: l == .ja ? "4 (2) 時系列比較（過去3ヶ年）" : "4 (2) Trend over three years",
                                             problem: problemFor("trend_grade"), context: context, options: grades,
                                             selected: values["trend_grade"] ?? ""),
                  StaffIndicatorsPage.select("overall_grade", label: l == .ja ? "6 (2) 総合評価" : "6 (2) Overall grade",
                                             problem: problemFor("overall_grade"), context: context, options: grades,
                                             selected: values["overall_grade"] ?? ""),
                  .forEach(texts) { t in FormFields.textArea(t.name, label: l == .ja ? t.ja : t.en, value: values[t.name] ?? "", problem: problemFor(t.name), context: context) },
                  FormFields.submit(context.t(UIStrings.save)))
        )
    }
}
