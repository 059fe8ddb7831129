import MadoguchiCore

/// The days the city hall is closed: weekends, national holidays and the year-end closure
/// (12/29–1/3, 行政機関の休日に関する法律 and the city's 休日条例). A deadline that falls on a closed
/// day moves to the next open day, as that law provides for 届出期間.
public struct OfficeCalendar: Sendable {
    /// Extra closed days the city announces (e.g. a system changeover), beyond the standard ones.
    public var extraClosedDays: Set<CivilDate>

    public init(extraClosedDays: Set<CivilDate> = []) { self.extraClosedDays = extraClosedDays }

    public static let standard = OfficeCalendar()

    public func isClosed(_ date: CivilDate) -> Bool {
        closure(of: date) != nil
    }

    /// Why the office is closed that day, for display (「土曜日」「元日」「年末年始」), or nil if open.
    public func closure(of date: CivilDate) -> String? {
        if extraClosedDays.contains(date) { return "臨時閉庁日" }
        if let holiday = JapaneseHolidays.name(of: date) { return holiday }
        if (date.month == 12 && date.day >= 29) || (date.month == 1 && date.day <= 3) { return "年末年始" }
        if date.weekday == 0 { return "日曜日" }
        if date.weekday == 6 { return "土曜日" }
        return nil
    }

    /// `date` itself if the office is open, else the first open day after it.
    public func nextOpenDay(onOrAfter date: CivilDate) -> CivilDate {
        var day = date
        while isClosed(day) { day = day.adding(days: 1) }
        return day
    }
}
