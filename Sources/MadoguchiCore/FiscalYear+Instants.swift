import Foundation

extension FiscalYear {
    /// The first instant of the fiscal year (its first day at 00:00 in `timeZone`, Japan by default).
    public func start(in timeZone: TimeZone = .japan) -> Date { Self.midnight(firstDay, in: timeZone) }

    /// The first instant after the fiscal year (the next one's start): the year is `start..<end`.
    public func end(in timeZone: TimeZone = .japan) -> Date { next.start(in: timeZone) }

    /// Whether `instant` falls in the fiscal year, in `timeZone`.
    public func contains(instant: Date, in timeZone: TimeZone = .japan) -> Bool {
        start(in: timeZone) <= instant && instant < end(in: timeZone)
    }

    private static func midnight(_ day: CivilDate, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }
}
