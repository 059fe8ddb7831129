import FluentKit
import Foundation
import MadoguchiCore

/// A municipality's indicator values over the years it has figures for: the trends page and the
/// indicator table (one row per indicator and year) read this.
public struct IndicatorHistory: Sendable {
    public let years: [Int]
    public let declarations: [IndicatorDeclaration]
    public let table: IndicatorTable

    /// At most this many fiscal years, the latest ones.
    public static let maxYears = 20

    /// Every municipality-wide indicator (per-measure costs are on the sheets) from the first year
    /// with a stored value, or the current one, to the last stored year (targets ahead included).
    public static func load(registry: IndicatorRegistry, municipality: Municipality, today: CivilDate = .today(),
                            on db: any Database) async throws -> IndicatorHistory {
        let municipalityID = try municipality.requireID()
        let current = municipality.fiscalYear(containing: today)
        let first = try await IndicatorValue.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$scope == "")
            .sort(\.$fiscalYear).first()?.fiscalYear ?? current.startYear
        let last = try await IndicatorValue.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$scope == "")
            .sort(\.$fiscalYear, .descending).first()?.fiscalYear ?? current.startYear
        let upper = max(last, current.startYear)
        let years = Array(max(min(first, current.startYear), upper - maxYears + 1)...upper)
        let declarations = registry.declarations.filter { !$0.perMeasure }
        let liveFrom = municipality.fiscalYear(containing: municipality.createdAt.map { CivilDate.today(now: $0) } ?? today)
        let table = try await registry.table(declarations.map(\.id), years: years, municipalityID: municipalityID,
                                             liveFrom: liveFrom, current: current, on: db)
        return IndicatorHistory(years: years, declarations: declarations, table: table)
    }

    /// The indicators with at least one value in the years.
    public var withValues: [IndicatorDeclaration] {
        declarations.filter { d in years.contains { y in IndicatorSeries.allCases.contains { table.value(d.id, y, $0) != nil } } }
    }

    /// The indicator table as CSV, one row per indicator and fiscal year that has a value.
    public func csv() -> String {
        let all = rows()
        return CSVWriter.document(header: all[0], rows: Array(all.dropFirst()))
    }

    /// The header and one row per indicator and fiscal year that has a value (the open-data table).
    public func rows() -> [[String]] {
        var rows: [[String]] = [["指標ID", "指標名", "指標名（英語）", "単位", "年度", "年度（和暦）", "成り行き値", "目標値", "実績値", "見込み値",
                                 "実績値の出所", "定義（算式）", "出典"]]
        for d in withValues {
            for year in years {
                let values = IndicatorSeries.allCases.map { table.value(d.id, year, $0) }
                guard values.contains(where: { $0 != nil }) else { continue }
                rows.append([d.id, d.title.ja, d.title.en, d.unit.label.ja, String(year), FiscalYear(startYear: year).warekiLabel]
                            + values.map { $0.map { MeasureSheet.format($0, unit: d.unit).replacingOccurrences(of: ",", with: "") } ?? "" }
                            + [values[2] == nil ? "" : table.isComputed(d.id, year) ? "自動集計" : "登録値", d.definition.ja, d.source.ja])
            }
        }
        return rows
    }
}
