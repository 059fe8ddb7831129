import Foundation
import MadoguchiCore

/// A value as staff typed it (every field text, as a form sends it), checked field by field.
public struct IndicatorValueInput: Sendable, Equatable {
    public var indicator: String
    /// A 施策's code for per-measure indicators; empty otherwise.
    public var scope: String
    /// `2021`, `2021年度`, `R3`, `令和3年度`, `H28`, `平成28年度` (full-width digits accepted).
    public var fiscalYear: String
    public var series: String
    /// Digits with an optional decimal point and thousands separators; empty removes the value.
    public var value: String

    public init(indicator: String, scope: String = "", fiscalYear: String, series: String, value: String) {
        self.indicator = indicator
        self.scope = scope
        self.fiscalYear = fiscalYear
        self.series = series
        self.value = value
    }

    /// Longest text accepted in any field: anything longer is refused before it is parsed.
    static let maxLength = 64

    /// The fiscal years a value may be entered for: from 平成元年度 (FY1989) to 20 years after the
    /// current one; an 実績値 only for a year that has started.
    static func fiscalYear(_ text: String, current: FiscalYear) throws -> Int {
        let problem = IndicatorsError.invalid("fiscal_year", ja: "年度は 2021、R3、令和3年度 のように入力してください",
                                              en: "Enter the fiscal year as 2021, R3 or 令和3年度")
        guard text.count <= maxLength else { throw problem }
        var t = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces).uppercased()
        if t.hasSuffix("年度") { t.removeLast(2) } else if t.hasSuffix("年") { t.removeLast() }
        if t.hasPrefix("FY") { t.removeFirst(2) }
        let eras: [(prefixes: [String], offset: Int)] = [(["令和", "R"], 2018), (["平成", "H"], 1988)]
        var year: Int?
        for era in eras {
            guard let prefix = era.prefixes.first(where: { t.hasPrefix($0) }) else { continue }
            let number = String(t.dropFirst(prefix.count))
            let n = number == "元" ? 1 : (number.count <= 2 && number.allSatisfy(\.isASCII) ? Int(number) : nil)
            guard let n, n >= 1 else { throw problem }
            year = era.offset + n
        }
        if year == nil, t.count == 4, t.allSatisfy({ $0.isASCII && $0.isNumber }) { year = Int(t) }
        guard let year else { throw problem }
        guard (1989...current.startYear + 20).contains(year) else {
            throw IndicatorsError.invalid("fiscal_year", ja: "年度は平成元年度（1989年度）から\(current.startYear + 20)年度までです",
                                          en: "The fiscal year must be between 1989 and \(current.startYear + 20)")
        }
        return year
    }

    /// The number typed, or nil for an empty field (remove the value).
    static func value(_ text: String, unit: IndicatorUnit) throws -> Double? {
        let malformed = IndicatorsError.invalid("value", ja: "値は半角数字で入力してください（例: 75,054、21.5）",
                                                en: "Enter the value as a number (e.g. 75,054 or 21.5)")
        guard text.count <= maxLength else { throw malformed }
        var t = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        for suffix in ["%", unit.label.ja] where t.hasSuffix(suffix) { t.removeLast(suffix.count) }
        t = t.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count <= 13, let number = Double(t), number.isFinite else {
            if t.hasPrefix("-") {
                throw IndicatorsError.invalid("value", ja: "値に負の数は入力できません", en: "The value cannot be negative")
            }
            throw malformed
        }
        let decimals = parts.count == 2 ? parts[1].count : 0
        guard decimals <= unit.decimals else {
            throw unit.decimals == 0
                ? IndicatorsError.invalid("value", ja: "単位が「\(unit.label.ja)」の値は整数で入力してください", en: "Values in \(unit.label.en) are whole numbers")
                : IndicatorsError.invalid("value", ja: "値は小数点以下\(unit.decimals)桁までです", en: "At most \(unit.decimals) decimal place")
        }
        guard unit.range.contains(number) else {
            let upper = unit.range.upperBound
            throw IndicatorsError.invalid("value", ja: "単位が「\(unit.label.ja)」の値は 0 から \(Self.plain(upper)) までです",
                                          en: "Values in \(unit.label.en) are between 0 and \(Self.plain(upper))")
        }
        return number
    }

    static func plain(_ value: Double) -> String { String(format: "%.0f", value) }
}
