import FluentKit
import Foundation
import MadoguchiCore

/// 事務事業評価シート (seed 004) for one 事務事業 and fiscal year: 基本情報, 事業概要, 計画・実績,
/// 事業費の推移 (人件費 = 人数 × 1人当り平均人件費, 総事業費 = ① + ④), 評価指標 (市民一人当たりの負担額 =
/// 総事業費 ÷ 人口 where not entered), 評価項目 and 総合判定.
public struct ProgrammeSheet: Sendable {
    public let code, name, department, phone: String
    public let content: ProgrammeContent
    public let fiscalYear: FiscalYear
    public let columns: [Int]
    /// 事業費の推移 rows, one value per column; pairs (一般, 再任用) for the personnel rows.
    public let costs: [Row]
    public let activityIndicators: [IndicatorRows]
    public let outcomeIndicators: [IndicatorRows]
    public let evaluation: ProgrammeEvaluationContent?

    public struct Row: Sendable, Equatable {
        public let label: String
        public let unit: IndicatorUnit
        public let values: [Double?]
        /// The 再任用 column of the personnel rows.
        public let second: [Double?]?
    }

    public struct IndicatorRows: Sendable {
        public let declaration: IndicatorDeclaration
        /// nil: 「設定困難」.
        public let targets: [Double?]?
        public let actuals: [Double?]
    }

    public static func build(programmeCode: String, fiscalYear: FiscalYear, municipality: Municipality, registry: IndicatorRegistry,
                             today: CivilDate = .today(), on db: any Database) async throws -> ProgrammeSheet {
        let municipalityID = try municipality.requireID()
        guard programmeCode.count <= 40, let programme = try await Programme.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$code == programmeCode).first() else { throw IndicatorsError.programmeNotFound }
        let content = try programme.content
        let evaluation = try await ProgrammeEvaluation.query(on: db).filter(\.$programmeID == programme.requireID())
            .filter(\.$fiscalYear == fiscalYear.startYear).first().map { try $0.content }
        let columns = content.columns
        let current = municipality.fiscalYear(containing: today)
        let liveFrom = municipality.fiscalYear(containing: municipality.createdAt.map { CivilDate.today(now: $0) } ?? today)
        let costIDs = ["indicators.settled_amount", "indicators.cost_national", "indicators.cost_prefectural", "indicators.cost_bonds",
                       "indicators.cost_other", "indicators.cost_general", "indicators.staff_regular", "indicators.staff_reappointed",
                       "indicators.average_cost_regular", "indicators.average_cost_reappointed", "indicators.cost_per_resident"]
        let scoped = try await registry.table(costIDs, scope: programme.code, years: columns, municipalityID: municipalityID,
                                              liveFrom: liveFrom, current: current, on: db)
        func v(_ id: String) -> [Double?] { columns.map { scoped.value(id, $0, .actual) } }
        func sum(_ rows: [[Double?]]) -> [Double?] {
            columns.indices.map { i in let c = rows.compactMap { $0[i] }; return c.isEmpty ? nil : c.reduce(0, +) }
        }
        func product(_ a: [Double?], _ b: [Double?]) -> [Double?] {
            zip(a, b).map { x, y in x.flatMap { x in y.map { (x * $0).rounded() } } }
        }
        let sources = ["indicators.cost_national", "indicators.cost_prefectural", "indicators.cost_bonds", "indicators.cost_other", "indicators.cost_general"]
        let direct = sum(sources.map(v))
        let personnelRegular = product(v("indicators.staff_regular"), v("indicators.average_cost_regular"))
        let personnelReappointed = product(v("indicators.staff_reappointed"), v("indicators.average_cost_reappointed"))
        let total = sum([direct, personnelRegular, personnelReappointed])
        let labels = ["国支出金", "都道府県支出金", "地方債", "その他特財", "一般財源"]
        var costs = [Row(label: "決算額、当初予算額又は推進計画額", unit: .thousandYen, values: v("indicators.settled_amount"), second: nil)]
        costs += zip(labels, sources).map { Row(label: $0, unit: .thousandYen, values: v($1), second: nil) }
        costs.append(Row(label: "① 合計", unit: .thousandYen, values: direct, second: nil))
        costs.append(Row(label: "② 人数（年間）", unit: .staffYears, values: v("indicators.staff_regular"), second: v("indicators.staff_reappointed")))
        costs.append(Row(label: "③ 1人当り年間平均人件費", unit: .thousandYen, values: v("indicators.average_cost_regular"),
                         second: v("indicators.average_cost_reappointed")))
        costs.append(Row(label: "④ = ② × ③", unit: .thousandYen, values: personnelRegular, second: personnelReappointed))
        costs.append(Row(label: "総事業費 ① + ④", unit: .thousandYen, values: total, second: nil))

        let ids = content.activityIndicators + content.outcomeIndicators
        let shared = try await registry.table(ids + ["indicators.population"], years: columns, municipalityID: municipalityID,
                                              liveFrom: liveFrom, current: current, on: db)
        func rows(_ id: String) -> IndicatorRows? {
            guard let d = registry.declaration(id) else { return nil }
            let table = d.perMeasure ? scoped : shared
            var actuals = columns.map { table.value(id, $0, .actual) }
            if id == "indicators.cost_per_resident" {
                // 総事業費 (千円) × 1000 ÷ 人口, where staff did not enter the figure.
                actuals = zip(actuals, zip(total, columns.map { shared.value("indicators.population", $0, .actual) })).map { entered, pair in
                    entered ?? pair.0.flatMap { t in pair.1.flatMap { $0 > 0 ? (t * 1000 / $0 * 10).rounded() / 10 : nil } }
                }
            }
            return IndicatorRows(declaration: d, targets: content.targetNotSettable.contains(id) ? nil : columns.map { table.value(id, $0, .target) },
                                 actuals: actuals)
        }
        return ProgrammeSheet(code: programme.code, name: programme.name, department: programme.department, phone: programme.phone,
                              content: content, fiscalYear: fiscalYear, columns: columns, costs: costs,
                              activityIndicators: content.activityIndicators.compactMap(rows),
                              outcomeIndicators: content.outcomeIndicators.compactMap(rows), evaluation: evaluation)
    }

    /// 平成28年度 as the seed heads its columns.
    public static func columnLabel(_ year: Int) -> String { FiscalYear(startYear: year).warekiLabel }

    /// The sheet as CSV in its order: 区分, 項目, 単位, one column per year (再任用 after a slash).
    public func csv() -> String {
        let blanks = Array(repeating: "", count: columns.count)
        func text(_ section: String, _ item: String, _ value: String) -> [String] { [section, item, ""] + blanks + [value] }
        var rows: [[String]] = [text("", "計画事業番号", code), text("", "事務事業名", name), text("", "担当部署", department), text("", "電話", phone)]
        rows += content.basics.map { text("基本情報", $0.label, $0.text) }
        rows += [text("事業概要", "1 総合計画体系", content.planStructure.joined(separator: " ")), text("事業概要", "2 対象", content.target),
                 text("事業概要", "3 目的と内容", content.purpose)]
        rows += content.activities.map { text("事業概要", "4 実施内容（\($0.label)）", $0.text) }
        for plan in content.plans {
            rows.append(text("事業の計画・実績", "\(Self.columnLabel(plan.year)) 計画", plan.plan))
            rows.append(text("事業の計画・実績", "\(Self.columnLabel(plan.year)) 実績", plan.actual))
        }
        for row in costs {
            let cells = columns.indices.map { i -> String in
                let first = MeasureSheet.format(row.values[i], unit: row.unit)
                guard let second = row.second else { return first }
                return "\(first)/\(MeasureSheet.format(second[i], unit: row.unit))"
            }
            rows.append(["事業費の推移", row.label, row.unit.label.ja] + cells + [""])
        }
        for (kind, group) in [("活動指標", activityIndicators), ("成果指標", outcomeIndicators)] {
            for r in group {
                rows.append([kind, "\(r.declaration.title.ja) 目標値", r.declaration.unit.label.ja]
                            + (r.targets?.map { MeasureSheet.format($0, unit: r.declaration.unit) } ?? columns.map { _ in "設定困難" })
                            + [r.declaration.definition.ja])
                rows.append([kind, "\(r.declaration.title.ja) 実績値", r.declaration.unit.label.ja]
                            + r.actuals.map { MeasureSheet.format($0, unit: r.declaration.unit) } + [""])
            }
        }
        for score in evaluation?.scores ?? [] { rows.append(text("評価項目", score.item.label, "\(score.score) \(score.comment)")) }
        for j in evaluation?.judgements ?? [] { rows.append(text("総合判定", j.stage, "\(j.verdict.label) \(j.direction)")) }
        if let required = evaluation?.legallyRequired { rows.append(text("", "法律で実施が義務付けられている事務事業か", required ? "法律の義務付けあり" : "法律の義務付けなし")) }
        if let possible = evaluation?.privateSectorPossible {
            rows.append(text("", "民間活力の活用性評価", possible ? "民間等での実施または市民等との協働が可能である" : "民間等での実施または市民等との協働の可能性はない"))
        }
        return CSVWriter.document(header: ["区分", "項目", "単位"] + columns.map(Self.columnLabel) + ["内容"], rows: rows)
    }
}
