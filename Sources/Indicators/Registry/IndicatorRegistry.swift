import FluentKit
import Foundation
import MadoguchiCore

/// Every indicator the manifests declare, by id, and their values for fiscal years: stored values
/// (entered, or an 実績値 recorded from a live figure) first, otherwise what the declaring module
/// computes.
public struct IndicatorRegistry: Sendable {
    public let declarations: [IndicatorDeclaration]
    private let byID: [String: Int]

    /// Refuses two declarations with one id (a manifest mistake, found at start-up).
    public init(manifests: [ModuleManifest]) throws {
        let all = manifests.flatMap(\.indicators)
        var byID: [String: Int] = [:]
        for (index, declaration) in all.enumerated() {
            guard byID[declaration.id] == nil else {
                throw IndicatorsError(.internalFailure, ja: "指標 \(declaration.id) が二重に宣言されています",
                                      en: "Indicator \(declaration.id) is declared twice")
            }
            byID[declaration.id] = index
        }
        for declaration in all {
            if case .ratio(let numerator, let denominator, _) = declaration.computation {
                for id in numerator + denominator where byID[id] == nil {
                    throw IndicatorsError(.internalFailure, ja: "指標 \(declaration.id) が未宣言の指標 \(id) を参照しています",
                                          en: "Indicator \(declaration.id) refers to \(id), which no module declares")
                }
            }
        }
        self.declarations = all
        self.byID = byID
    }

    public func declaration(_ id: String) -> IndicatorDeclaration? { byID[id].map { declarations[$0] } }

    /// What the declaring module computes for `year` (nil for entered indicators, and when there is
    /// nothing to measure).
    public func computed(_ id: String, municipalityID: UUID, year: FiscalYear, on db: any Database) async throws -> Double? {
        guard let declaration = declaration(id) else { return nil }
        switch declaration.computation {
        case .entered:
            return nil
        case .live(let read):
            return try await read(municipalityID, year, db).scalar
        case .ratio(let numerator, let denominator, let scale):
            var top = 0.0, bottom = 0.0
            for id in numerator { top += try await actual(id, municipalityID: municipalityID, year: year, on: db) ?? 0 }
            for id in denominator { bottom += try await actual(id, municipalityID: municipalityID, year: year, on: db) ?? 0 }
            return bottom == 0 ? nil : top / bottom * scale
        }
    }

    /// The 実績値 for `year`: a stored one if staff entered or recorded it, otherwise the computed one.
    /// An indicator measured on a sample (the survey) takes the computed value for a year whose
    /// sample is not empty, whatever is stored.
    public func actual(_ id: String, scope: String = "", municipalityID: UUID, year: FiscalYear, on db: any Database) async throws -> Double? {
        if scope.isEmpty, let sample = declaration(id)?.sample, try await sample(municipalityID, year, db) > 0 {
            return try await computed(id, municipalityID: municipalityID, year: year, on: db)
        }
        if let stored = try await IndicatorValue.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$indicatorID == id)
            .filter(\.$scope == scope).filter(\.$fiscalYear == year.startYear).filter(\.$series == IndicatorSeries.actual.rawValue).first() {
            return stored.value
        }
        return try await computed(id, municipalityID: municipalityID, year: year, on: db)
    }

    /// The four series of `ids` for `years`: stored values, and for 実績値 with none stored the
    /// computed figure for the years from `liveFrom` (the year the municipality started using
    /// the system) up to the current one.
    public func table(_ ids: [String], scope: String = "", years: [Int], municipalityID: UUID, liveFrom: FiscalYear,
                      current: FiscalYear, on db: any Database) async throws -> IndicatorTable {
        var table = IndicatorTable()
        guard !ids.isEmpty, !years.isEmpty else { return table }
        let rows = try await IndicatorValue.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$indicatorID ~~ ids)
            .filter(\.$scope == scope).filter(\.$fiscalYear ~~ years).all()
        for row in rows {
            guard let series = IndicatorSeries(rawValue: row.series) else { continue }
            table.set(row.indicatorID, row.fiscalYear, series, row.value, computed: false)
        }
        for id in ids {
            guard let declaration = declaration(id), !declaration.isEntered else { continue }
            for year in years where year >= liveFrom.startYear && year <= current.startYear {
                let fiscalYear = FiscalYear(startYear: year, startMonth: current.startMonth)
                if scope.isEmpty, let sample = declaration.sample {
                    // A surveyed year: the answers' figure and n replace a stored 実績値.
                    let n = try await sample(municipalityID, fiscalYear, db)
                    guard n > 0 else { continue }
                    table.setSampleSize(id, year, n)
                    if let value = try await computed(id, municipalityID: municipalityID, year: fiscalYear, on: db) {
                        table.set(id, year, .actual, value, computed: true)
                    }
                    continue
                }
                guard table.value(id, year, .actual) == nil else { continue }
                if let value = try await computed(id, municipalityID: municipalityID, year: fiscalYear, on: db) {
                    table.set(id, year, .actual, value, computed: true)
                }
            }
        }
        return table
    }
}

/// Values by indicator, fiscal year (its start year) and series, with which 実績値 were computed.
public struct IndicatorTable: Sendable, Equatable {
    private var values: [String: [Int: [IndicatorSeries: Double]]] = [:]
    private var computedActuals: Set<String> = []
    private var sampleSizes: [String: Int] = [:]

    public init() {}

    public func value(_ id: String, _ year: Int, _ series: IndicatorSeries) -> Double? { values[id]?[year]?[series] }

    /// True when the 実績値 was computed from live data rather than entered or recorded.
    public func isComputed(_ id: String, _ year: Int) -> Bool { computedActuals.contains("\(id)|\(year)") }

    /// The number who answered (n) behind a computed 実績値 measured on a sample; nil otherwise.
    public func sampleSize(_ id: String, _ year: Int) -> Int? { sampleSizes["\(id)|\(year)"] }

    public mutating func setSampleSize(_ id: String, _ year: Int, _ n: Int) { sampleSizes["\(id)|\(year)"] = n }

    public mutating func set(_ id: String, _ year: Int, _ series: IndicatorSeries, _ value: Double, computed: Bool) {
        values[id, default: [:]][year, default: [:]][series] = value
        if series == .actual && computed { computedActuals.insert("\(id)|\(year)") }
    }
}
