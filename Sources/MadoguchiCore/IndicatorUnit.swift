import Foundation

/// The unit of an indicator's values, with the range an entered value must fall in.
public enum IndicatorUnit: String, Sendable, CaseIterable, Codable {
    case count, procedures, datasets, persons, departments, programmes, times
    /// 人数（年間）: staff working on a programme over the year, to 0.01 (0.30 人).
    case staffYears
    case percent, days, hours, thousandYen, yen, yenPerPerson
    /// 秒: a measured delay (an alert's first mail after its issue), to 0.1 s.
    case seconds

    /// As the sheets write it: 件, ％, 千円, 円/人…
    public var label: LocalizedText {
        switch self {
        case .count: return LocalizedText(ja: "件", en: "items")
        case .procedures: return LocalizedText(ja: "手続", en: "procedures")
        case .datasets: return LocalizedText(ja: "種類", en: "kinds")
        case .persons: return LocalizedText(ja: "人", en: "people")
        case .staffYears: return LocalizedText(ja: "人（年間）", en: "staff-years")
        case .departments: return LocalizedText(ja: "部課", en: "departments")
        case .programmes: return LocalizedText(ja: "本数", en: "programmes")
        case .times: return LocalizedText(ja: "回", en: "times")
        case .percent: return LocalizedText(ja: "％", en: "%")
        case .days: return LocalizedText(ja: "日", en: "days")
        case .hours: return LocalizedText(ja: "時間", en: "hours")
        case .thousandYen: return LocalizedText(ja: "千円", en: "thousand yen")
        case .yen: return LocalizedText(ja: "円", en: "yen")
        case .yenPerPerson: return LocalizedText(ja: "円/人", en: "yen per person")
        case .seconds: return LocalizedText(ja: "秒", en: "seconds")
        }
    }

    /// Whole numbers only (counts, people, thousands of yen as the sheets round them).
    public var isWhole: Bool {
        switch self {
        case .percent, .days, .yenPerPerson, .staffYears, .seconds: return false
        default: return true
        }
    }

    /// The values an entry may take: a percentage is 0…100; every other unit 0 up to a bound no
    /// municipality reaches (a trillion yen in 千円, a billion of anything else).
    public var range: ClosedRange<Double> {
        switch self {
        case .percent: return 0...100
        case .thousandYen, .yen: return 0...1_000_000_000_000
        default: return 0...1_000_000_000
        }
    }

    /// Decimal places shown and accepted (a percentage to 0.1 point, days to 0.1, 円/人 to 0.1, seconds to 0.1).
    public var decimals: Int { self == .staffYears ? 2 : isWhole ? 0 : 1 }
}

/// Which way is better for an indicator (目標達成: at or above the target, or at or below it).
public enum IndicatorDirection: String, Sendable, CaseIterable, Codable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
    /// A size to know (population), not a result to improve.
    case neutral
}

/// The three kinds of the sheets (対象指標・活動指標・成果指標) and cost rows.
public enum IndicatorKind: String, Sendable, CaseIterable, Codable {
    case target, activity, outcome, cost

    public var label: LocalizedText {
        switch self {
        case .target: return LocalizedText(ja: "対象指標", en: "Target indicator")
        case .activity: return LocalizedText(ja: "活動指標", en: "Activity indicator")
        case .outcome: return LocalizedText(ja: "成果指標", en: "Outcome indicator")
        case .cost: return LocalizedText(ja: "コスト", en: "Cost")
        }
    }
}
