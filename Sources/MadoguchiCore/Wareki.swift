import Foundation

/// 和暦 (Japanese-era) formatting and parsing.
///
/// Residents and paper forms write dates as 令和7年4月1日 or R7.4.1; the system stores `CivilDate`.
public enum Wareki {
    /// Why a 和暦 text could not be read; the message names the problem in Japanese.
    public enum ParseError: Error, Equatable, Sendable {
        case unrecognised(String)
        case unknownEra(String)
        case noSuchDate(String)
        case outsideEra(era: String, year: Int)

        public var message: String {
            switch self {
            case .unrecognised(let t): return "「\(t)」は日付として読み取れません（例：令和7年4月1日）"
            case .unknownEra(let t): return "元号「\(t)」は使えません（明治・大正・昭和・平成・令和）"
            case .noSuchDate(let t): return "「\(t)」という日付はありません"
            case .outsideEra(let era, let year): return "\(era)\(year)年のその日付は\(era)の期間外です"
            }
        }
    }

    /// 令和元年5月1日 style; year 1 is written 元年.
    public static func format(_ date: CivilDate) -> String {
        guard let era = JapaneseEra.of(date) else { return "\(date.year)年\(date.month)月\(date.day)日" }
        return "\(era.name)\(yearLabel(date.year - era.firstYear + 1))年\(date.month)月\(date.day)日"
    }

    /// 令和元年 style label for an era year.
    public static func yearLabel(_ eraYear: Int) -> String { eraYear == 1 ? "元" : String(eraYear) }

    /// The era name for a whole Gregorian year (used for 年度 and 年 headings): the era in effect on
    /// 31 December, so 2019 is 令和元年 and 1988 is 昭和63年, as government documents write them.
    public static func formatYear(_ year: Int) -> String {
        let yearEnd = CivilDate(year: year, month: 12, day: 31)!
        guard let era = JapaneseEra.of(yearEnd) else { return "\(year)年" }
        return "\(era.name)\(yearLabel(year - era.firstYear + 1))年"
    }

    /// Parses 令和7年4月1日, 令和元年5月1日, 平成31年4月30日, R7.4.1, R07/04/01, H31-4-30,
    /// with half- or full-width digits; rejects dates outside the era (平成31年5月1日).
    public static func parse(_ text: String) throws(ParseError) -> CivilDate {
        let t = JapaneseText.halfWidthDigits(text).trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: " ", with: "")
        guard let first = t.first else { throw .unrecognised(text) }
        let era: JapaneseEra
        var rest: Substring
        if let named = JapaneseEra.all.first(where: { t.hasPrefix($0.name) }) {
            era = named
            rest = t.dropFirst(named.name.count)
        } else if let initial = JapaneseEra.all.first(where: { $0.initial == Character(first.uppercased()) }),
                  t.dropFirst().first?.isNumber == true {
            era = initial
            rest = t.dropFirst()
        } else if first.isNumber {
            throw .unrecognised(text)
        } else {
            throw .unknownEra(String(t.prefix(2)))
        }
        if rest.hasPrefix("元") { rest = "1" + rest.dropFirst() }
        let numbers = rest.split(whereSeparator: { "年月日./-".contains($0) }).map(String.init)
        guard numbers.count == 3, let y = Int(numbers[0]), let m = Int(numbers[1]), let d = Int(numbers[2]), y >= 1 else {
            throw .unrecognised(text)
        }
        guard let date = CivilDate(year: era.firstYear + y - 1, month: m, day: d) else { throw .noSuchDate(text) }
        guard date >= era.start, era.end.map({ date <= $0 }) ?? true else {
            throw .outsideEra(era: era.name, year: y)
        }
        return date
    }
}

extension CivilDate {
    /// A date as people type it: `YYYY-MM-DD` (what a date control sends) or 和暦 (令和8年11月1日),
    /// full-width digits and surrounding spaces allowed. Nil when it is neither, or not a real date.
    public init?(typed text: String) {
        let plain = JapaneseText.halfWidthDigits(text.trimmingCharacters(in: .whitespaces))
        guard let date = CivilDate(iso: plain) ?? (try? Wareki.parse(plain)) else { return nil }
        self = date
    }
}
