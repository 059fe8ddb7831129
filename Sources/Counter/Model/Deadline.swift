import MadoguchiCore

/// When a procedure must be done: an anchor date plus an offset, as the law words it.
///
/// `countsFirstDay` follows the law: 戸籍法 counts the day of the event (出生届 14 days → birth day +
/// 13), while the 民法 default does not (児童手当's 15 days → event + 15). `rollsOverClosedDays`
/// moves a deadline that lands on a closed day to the next open day.
public struct Deadline: Sendable, Hashable, Codable {
    /// `event_date` or the id of a date fact (e.g. `funeral_date`); an unknown date fact falls back
    /// to the event date and the deadline is marked approximate.
    public let anchor: String
    public let offset: Offset
    public let countsFirstDay: Bool
    public let rollsOverClosedDays: Bool
    /// How the deadline reads to a resident: 「死亡の事実を知った日から7日以内」.
    public let description: LocalizedText

    public struct Offset: Sendable, Hashable, Codable {
        public let days: Int?
        public let months: Int?
        public let years: Int?
        public init(days: Int? = nil, months: Int? = nil, years: Int? = nil) {
            self.days = days; self.months = months; self.years = years
        }
    }

    public init(anchor: String = "event_date", offset: Offset, countsFirstDay: Bool, rollsOverClosedDays: Bool = true,
                description: LocalizedText) {
        self.anchor = anchor
        self.offset = offset
        self.countsFirstDay = countsFirstDay
        self.rollsOverClosedDays = rollsOverClosedDays
        self.description = description
    }

    /// The last day, computed from the anchor date.
    ///
    /// A positive period that counts the first day ends one day earlier; negative or zero offsets
    /// ("by the day of moving") are taken literally.
    public func lastDay(from anchorDate: CivilDate, calendar: OfficeCalendar) -> CivilDate {
        var day = anchorDate.adding(years: offset.years ?? 0).adding(months: offset.months ?? 0)
            .adding(days: offset.days ?? 0)
        let forward = [offset.years, offset.months, offset.days].contains { ($0 ?? 0) > 0 }
        if countsFirstDay && forward { day = day.adding(days: -1) }
        return rollsOverClosedDays ? calendar.nextOpenDay(onOrAfter: day) : day
    }
}
