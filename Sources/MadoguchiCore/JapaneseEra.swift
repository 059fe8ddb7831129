/// A Japanese era (元号) and the first day it was in use.
public struct JapaneseEra: Hashable, Sendable {
    public let name: String
    public let romaji: String
    /// The Latin initial used in abbreviations such as R7.4.1.
    public let initial: Character
    public let start: CivilDate

    /// Eras from 明治 on, newest first. 明治 is dated from the Gregorian day of 明治元年1月1日.
    public static let all: [JapaneseEra] = [
        JapaneseEra(name: "令和", romaji: "Reiwa", initial: "R", start: CivilDate(year: 2019, month: 5, day: 1)!),
        JapaneseEra(name: "平成", romaji: "Heisei", initial: "H", start: CivilDate(year: 1989, month: 1, day: 8)!),
        JapaneseEra(name: "昭和", romaji: "Showa", initial: "S", start: CivilDate(year: 1926, month: 12, day: 25)!),
        JapaneseEra(name: "大正", romaji: "Taisho", initial: "T", start: CivilDate(year: 1912, month: 7, day: 30)!),
        JapaneseEra(name: "明治", romaji: "Meiji", initial: "M", start: CivilDate(year: 1868, month: 1, day: 25)!),
    ]

    /// The era in effect on `date`, or nil before 明治.
    public static func of(_ date: CivilDate) -> JapaneseEra? {
        all.first { $0.start <= date }
    }

    /// The last day of this era, or nil for the current one.
    public var end: CivilDate? {
        guard let index = JapaneseEra.all.firstIndex(of: self), index > 0 else { return nil }
        return JapaneseEra.all[index - 1].start.adding(days: -1)
    }

    /// The Gregorian year of this era's year 1 (元年).
    public var firstYear: Int { start.year }
}
