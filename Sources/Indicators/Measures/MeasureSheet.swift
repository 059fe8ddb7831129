import FluentKit
import Foundation
import MadoguchiCore

/// 施策マネジメントシート (seed 000) for one 施策 and fiscal year: everything the page and the CSV
/// show, in the seed's order, with 目標達成度 and 前年度比較 computed.
public struct MeasureSheet: Sendable {
    public let measure: MeasureSummary
    public let content: MeasureContent
    public let fiscalYear: FiscalYear
    /// Column years (start years), as configured for the 施策.
    public let columns: [Int]
    public let costs: [CostRow]
    public let targetIndicators: [IndicatorRows]
    public let outcomeIndicators: [IndicatorRows]
    public let evaluation: EvaluationContent
    /// 4 (1): staff's grade if they chose one, otherwise the mechanical one.
    public let achievementGrade: Grade?
    public let achievementGradeIsComputed: Bool

    public struct MeasureSummary: Sendable {
        public let code, policyName, name, leadDepartment, relatedDepartments, author: String
    }

    /// A row of section 3's cost block: 財源内訳, 事業費計 (A), 延べ業務時間, 人件費計 (B), トータルコスト, 事務事業数.
    public struct CostRow: Sendable, Equatable {
        public let label: LocalizedText
        public let unit: IndicatorUnit
        public let values: [Double?]
        /// Computed from other rows (事業費計, トータルコスト).
        public let isTotal: Bool
    }

    /// One indicator's rows in the multi-year table, with the evaluation year's results.
    public struct IndicatorRows: Sendable {
        public let declaration: IndicatorDeclaration
        /// Per series, one value per column (nil: blank).
        public let series: [(series: IndicatorSeries, values: [Double?])]
        /// Which 実績値 cells were computed from live data.
        public let computed: [Bool]
        public let achievement: Achievement?
        public let yearOnYear: YearOnYear?
    }

    public static let costIndicators: [(id: String, total: Bool)] = [
        ("indicators.cost_national", false), ("indicators.cost_prefectural", false), ("indicators.cost_bonds", false),
        ("indicators.cost_other", false), ("indicators.cost_general", false),
    ]

    /// Builds the sheet from stored and live values. `today` bounds the live figures.
    public static func build(measureCode: String, fiscalYear: FiscalYear, municipality: Municipality, registry: IndicatorRegistry,
                             today: CivilDate = .today(), on db: any Database) async throws -> MeasureSheet {
        let municipalityID = try municipality.requireID()
        guard let measure = try await Measure.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$code == measureCode).first()
        else { throw IndicatorsError.measureNotFound }
        let content = try measure.content
        let evaluation = try await MeasureEvaluation.query(on: db).filter(\.$measureID == measure.requireID())
            .filter(\.$fiscalYear == fiscalYear.startYear).first().map { try $0.content } ?? EvaluationContent()
        let columns = content.columns
        let current = municipality.fiscalYear(containing: today)
        let liveFrom = municipality.fiscalYear(containing: municipality.createdAt.map { CivilDate.today(now: $0) } ?? today)
        // Values up to the evaluation year, plus the later columns' targets and forecasts.
        let years = Array(Set(columns + [fiscalYear.startYear, fiscalYear.startYear - 1])).sorted()

        let costIDs = costIndicators.map(\.id) + ["indicators.work_hours", "indicators.personnel_cost", "indicators.programme_count"]
        let costTable = try await registry.table(costIDs, scope: measure.code, years: years, municipalityID: municipalityID,
                                                 liveFrom: liveFrom, current: current, on: db)
        func costValues(_ id: String) -> [Double?] { columns.map { costTable.value(id, $0, .actual) } }
        func sum(_ rows: [[Double?]]) -> [Double?] {
            columns.indices.map { i in
                let cells = rows.compactMap { $0[i] }
                return cells.isEmpty ? nil : cells.reduce(0, +)
            }
        }
        let sources = costIndicators.map { costValues($0.id) }
        let projectTotal = sum(sources)
        let personnel = costValues("indicators.personnel_cost")
        var costs: [CostRow] = zip(costIndicators, sources).map { indicator, values in
            CostRow(label: registry.declaration(indicator.id)!.title, unit: .thousandYen, values: values, isTotal: false)
        }
        costs.append(CostRow(label: LocalizedText(ja: "事業費計 (A)", en: "Programme cost (A)"), unit: .thousandYen, values: projectTotal, isTotal: true))
        costs.append(CostRow(label: registry.declaration("indicators.work_hours")!.title, unit: .hours, values: costValues("indicators.work_hours"), isTotal: false))
        costs.append(CostRow(label: LocalizedText(ja: "人件費計 (B)", en: "Personnel cost (B)"), unit: .thousandYen, values: personnel, isTotal: false))
        costs.append(CostRow(label: LocalizedText(ja: "トータルコスト (A)+(B)", en: "Total cost (A)+(B)"), unit: .thousandYen,
                             values: sum([projectTotal, personnel]), isTotal: true))
        costs.append(CostRow(label: registry.declaration("indicators.programme_count")!.title, unit: .programmes,
                             values: costValues("indicators.programme_count"), isTotal: false))

        let ids = content.targetIndicators + content.outcomeIndicators
        let table = try await registry.table(ids, years: years, municipalityID: municipalityID, liveFrom: liveFrom, current: current, on: db)
        func rows(_ id: String, kind: IndicatorKind) -> IndicatorRows? {
            guard let declaration = registry.declaration(id) else { return nil }
            let series: [IndicatorSeries] = kind == .target ? [.actual, .forecast] : [.baseline, .target, .actual]
            let year = fiscalYear.startYear
            let actual = table.value(id, year, .actual)
            return IndicatorRows(
                declaration: declaration,
                series: series.map { s in (s, columns.map { table.value(id, $0, s) }) },
                computed: columns.map { table.isComputed(id, $0) },
                achievement: Achievement.of(actual: actual, target: table.value(id, year, .target), direction: declaration.direction),
                yearOnYear: YearOnYear.of(actual: actual, previous: table.value(id, year - 1, .actual), direction: declaration.direction))
        }
        let outcomes = content.outcomeIndicators.compactMap { rows($0, kind: .outcome) }
        let computedGrade = Grade.achievement(outcomes.compactMap(\.achievement))
        return MeasureSheet(
            measure: MeasureSummary(code: measure.code, policyName: measure.policyName, name: measure.name, leadDepartment: measure.leadDepartment,
                                    relatedDepartments: measure.relatedDepartments, author: measure.author),
            content: content, fiscalYear: fiscalYear, columns: columns, costs: costs,
            targetIndicators: content.targetIndicators.compactMap { rows($0, kind: .target) },
            outcomeIndicators: outcomes, evaluation: evaluation,
            achievementGrade: evaluation.achievementGrade ?? computedGrade,
            achievementGradeIsComputed: evaluation.achievementGrade == nil && computedGrade != nil)
    }

    /// A column's heading as the seed writes it: H28年度, R1年度, R9年度 (平成 to FY2018, then 令和).
    public static func columnLabel(_ year: Int) -> String {
        year >= 2019 ? "R\(year - 2018)年度" : year >= 1989 ? "H\(year - 1988)年度" : "\(year)年度"
    }

    /// A value as the sheet prints it: thousands separated, one decimal place where the unit has one.
    /// Figures are written 1,234.5 whatever the reader's language (the sheets' own convention).
    private static let figureLocale = Locale(identifier: "en_US")

    public static func format(_ value: Double?, unit: IndicatorUnit) -> String {
        guard let value else { return "" }
        // Exactly the unit's decimals, rounded, with thousands grouped by commas (Foundation's
        // NumberFormatter printed 1,234.56 for one decimal: it let a minimum above zero widen it).
        return value.formatted(.number.precision(.fractionLength(unit.decimals)).locale(Self.figureLocale))
    }
}
