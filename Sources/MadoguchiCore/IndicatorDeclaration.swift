import FluentKit
import Foundation

/// An indicator of the plan's PDCA sheets (指標): what it measures, in which unit, which way is
/// better, and how its value for a fiscal year (年度) is obtained — computed by the module that
/// declares it from its own tables, derived from other indicators, or entered by staff.
public struct IndicatorDeclaration: Sendable {
    /// A count; counts by a key (a month `2026-04`, a file format, a standard dataset); counts by
    /// two keys (procedure → month → count); or a measured quantity (days), nil while there is
    /// nothing to measure.
    public enum Value: Sendable, Equatable {
        case count(Int)
        case breakdown([String: Int])
        case table([String: [String: Int]])
        case measure(Double?)

        /// The one figure a sheet shows: a count, the sum of a breakdown or table, or the measure.
        public var scalar: Double? {
            switch self {
            case .count(let n): return Double(n)
            case .breakdown(let counts): return Double(counts.values.reduce(0, +))
            case .table(let rows): return Double(rows.values.flatMap(\.values).reduce(0, +))
            case .measure(let value): return value
            }
        }
    }

    /// How a fiscal year's value is obtained.
    public enum Computation: Sendable {
        /// Read from the declaring module's tables for one municipality and fiscal year.
        case live(@Sendable (_ municipalityID: UUID, _ year: FiscalYear, _ database: any Database) async throws -> Value)
        /// `sum(numerator) ÷ sum(denominator) × scale`, over other indicators' values for the same
        /// year (digital take-up in %, cost per resident in 円); nil when the denominator is 0 or missing.
        case ratio(numerator: [String], denominator: [String], scale: Double)
        /// Entered by staff per fiscal year (survey percentages, costs, population).
        case entered
    }

    /// Stable: `catalog.published_datasets`.
    public let id: String
    public let title: LocalizedText
    public let unit: IndicatorUnit
    public let kind: IndicatorKind
    public let direction: IndicatorDirection
    /// 指標の定義（算式）.
    public let definition: LocalizedText
    /// 出典 / 説明: where the figure comes from.
    public let source: LocalizedText
    public let computation: Computation
    /// Values are kept per 施策 or 事務事業 (costs, hours), not once for the municipality.
    public let perMeasure: Bool
    /// The figure as it stands now over all the module's data (breakdowns for dashboards); nil for
    /// indicators that are not live.
    public let read: (@Sendable (_ municipalityID: UUID, _ database: any Database) async throws -> Value)?
    /// For figures measured on a sample (the resident survey): how many answered in a fiscal year
    /// (n). A year whose sample is not empty takes the computed value over a stored one (a value
    /// entered before the survey ran online stays for years without answers); nil when the
    /// indicator has no sample.
    public let sample: (@Sendable (_ municipalityID: UUID, _ year: FiscalYear, _ database: any Database) async throws -> Int)?

    public init(id: String, title: LocalizedText, unit: IndicatorUnit = .count, kind: IndicatorKind = .activity,
                direction: IndicatorDirection = .higherIsBetter, definition: LocalizedText, source: LocalizedText,
                computation: Computation, perMeasure: Bool = false,
                read: (@Sendable (_ municipalityID: UUID, _ database: any Database) async throws -> Value)? = nil,
                sample: (@Sendable (_ municipalityID: UUID, _ year: FiscalYear, _ database: any Database) async throws -> Int)? = nil) {
        self.id = id
        self.title = title
        self.unit = unit
        self.kind = kind
        self.direction = direction
        self.definition = definition
        self.source = source
        self.computation = computation
        self.perMeasure = perMeasure
        self.read = read
        self.sample = sample
    }

    /// True when staff enter the values (no module computes them).
    public var isEntered: Bool {
        if case .entered = computation { return true }
        return false
    }
}
