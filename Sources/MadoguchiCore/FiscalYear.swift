/// A municipal fiscal year (年度), by default April to March, named by the year it starts in.
public struct FiscalYear: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The Gregorian year the fiscal year starts in: FY2025 runs 2025-04-01 to 2026-03-31.
    public let startYear: Int
    /// The month the fiscal year starts (4 for every Japanese municipality today).
    public let startMonth: Int

    public init(startYear: Int, startMonth: Int = 4) {
        precondition((1...12).contains(startMonth), "a fiscal year starts in a month 1…12")
        self.startYear = startYear
        self.startMonth = startMonth
    }

    /// The fiscal year containing `date`: 2026-03-31 is in FY2025, 2026-04-01 in FY2026.
    public init(containing date: CivilDate, startMonth: Int = 4) {
        self.init(startYear: date.month >= startMonth ? date.year : date.year - 1, startMonth: startMonth)
    }

    public var firstDay: CivilDate { CivilDate(year: startYear, month: startMonth, day: 1)! }
    public var lastDay: CivilDate { firstDay.adding(years: 1).adding(days: -1) }

    public func contains(_ date: CivilDate) -> Bool { firstDay <= date && date <= lastDay }

    public var next: FiscalYear { FiscalYear(startYear: startYear + 1, startMonth: startMonth) }
    public var previous: FiscalYear { FiscalYear(startYear: startYear - 1, startMonth: startMonth) }

    /// 令和7年度, as plans and evaluation sheets write it (FY2019 is 令和元年度, FY1988 昭和63年度).
    public var warekiLabel: String { Wareki.formatYear(startYear).dropLast() + "年度" }

    /// 2025年度
    public var gregorianLabel: String { "\(startYear)年度" }

    /// FY2025
    public var description: String { "FY\(startYear)" }

    public static func < (lhs: FiscalYear, rhs: FiscalYear) -> Bool { lhs.firstDay < rhs.firstDay }
}
