import MadoguchiCore

extension MeasureSheet {
    /// The sheet as CSV, one row per line of the sheet in its order: section, item, 数値区分, unit,
    /// one column per fiscal year, 目標達成度, 前年度比較, and text (names, purposes, evaluations).
    public func csv() -> String {
        let header = ["節", "項目", "数値区分", "単位"] + columns.map(Self.columnLabel) + ["目標達成度", "前年度比較", "内容"]
        let blanks = Array(repeating: "", count: columns.count)
        func text(_ section: String, _ item: String, _ value: String) -> [String] { [section, item, "", ""] + blanks + ["", "", value] }
        var rows: [[String]] = [
            text("", "政策名", measure.policyName), text("", "基本施策名", measure.name),
            text("", "施策統括課", measure.leadDepartment), text("", "主な関係課", measure.relatedDepartments),
            text("", "記入者", measure.author), text("", "年度", fiscalYear.warekiLabel),
        ]
        let s1 = "1 施策の目的と指標"
        rows.append(text(s1, "対象", content.targetGroups.joined(separator: "・")))
        rows.append(text(s1, "意図", content.intent))
        for r in targetIndicators { rows.append(text(s1, "対象指標", r.declaration.title.ja)) }
        for r in outcomeIndicators { rows.append(text(s1, "成果指標", r.declaration.title.ja)) }
        let s2 = "2 施策の展開方向"
        for (i, d) in content.directions.enumerated() {
            rows.append(text(s2, "展開方向\(i + 1) 名称", d.name))
            rows.append(text(s2, "展開方向\(i + 1) 目的", d.purpose))
            rows.append(text(s2, "展開方向\(i + 1) 手段", d.means.joined(separator: "\n")))
        }
        let s3 = "3 総事業費・指標等の実績推移と目標値"
        for cost in costs {
            rows.append([s3, cost.label.ja, "", cost.unit.label.ja] + cost.values.map { Self.format($0, unit: cost.unit) } + ["", "", ""])
        }
        for (kind, group) in [("対象指標", targetIndicators), ("成果指標", outcomeIndicators)] {
            for r in group {
                for (n, line) in r.series.enumerated() {
                    rows.append([s3, "\(kind) \(r.declaration.title.ja)", line.series.label.ja, r.declaration.unit.label.ja]
                                + line.values.map { Self.format($0, unit: r.declaration.unit) }
                                + (n == 0 ? [r.achievement?.label.ja ?? "", r.yearOnYear?.label.ja ?? "",
                                             content.indicatorNotes[r.declaration.id] ?? r.declaration.source.ja] : ["", "", ""]))
                }
            }
        }
        let s4 = "4 施策の成果指標実績値に対する評価"
        rows.append(text(s4, "(1) 施策全体の成果実績目標達成度", achievementGrade?.achievementLabel.ja ?? ""))
        rows.append(text(s4, "(2) 時系列比較（過去3ヶ年の比較）", evaluation.trendGrade?.trendLabel.ja ?? ""))
        rows.append(text(s4, "(3) 理由・背景", evaluation.reasons))
        let s5 = "5 施策の現状"
        rows.append(text(s5, "(1) 施策を取り巻く状況の変化", evaluation.surroundings))
        rows.append(text(s5, "(2) 関係者からの意見・要望", evaluation.opinions))
        rows.append(text(s5, "(3) 他自治体との比較", evaluation.comparison))
        rows.append(text(s5, "(4) \(fiscalYear.warekiLabel)の取組状況", evaluation.workThisYear))
        rows.append(text(s5, "(4) \(fiscalYear.next.warekiLabel)の取組予定", evaluation.planNextYear))
        let s6 = "6 評価結果"
        rows.append(text(s6, "(1) 施策の全体総括", evaluation.summary))
        rows.append(text(s6, "(2) 総合評価", evaluation.overallGrade?.overallLabel.ja ?? ""))
        let s7 = "7 施策の課題・今後の方向性"
        rows.append(text(s7, "(1) \(fiscalYear.next.next.warekiLabel)の取組方針", evaluation.policyYearAfterNext))
        rows.append(text(s7, "(2) 中期的な取組方針", evaluation.mediumTerm))
        return CSVWriter.document(header: header, rows: rows)
    }
}
