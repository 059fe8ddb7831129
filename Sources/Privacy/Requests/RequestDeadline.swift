import MadoguchiCore

/// The legal clock of a request: a decision within 30 days of receipt, the receipt day not counted
/// (初日不算入), days spent on 補正 not counted, plus 30 days when a written extension notice was
/// given. A deadline on a day the office is closed moves to the next open day.
public struct RequestDeadline: Sendable {
    public static let decisionDays = 30
    public static let extensionDays = 30
    public static let followUpWindowDays = 90

    /// Days the office is closed. The default knows weekends and 年末年始 (12/29–1/3); pass a
    /// calendar with national holidays and local closing days where the city has one.
    public let isClosed: @Sendable (CivilDate) -> Bool

    public init(isClosed: @escaping @Sendable (CivilDate) -> Bool = RequestDeadline.weekendsAndYearEnd) {
        self.isClosed = isClosed
    }

    public static let weekendsAndYearEnd: @Sendable (CivilDate) -> Bool = { date in
        date.weekday == 0 || date.weekday == 6 || (date.month == 12 && date.day >= 29) || (date.month == 1 && date.day <= 3)
    }

    /// The last day a decision may be made.
    public func decisionDue(receivedOn: CivilDate, correctionDays: Int = 0, extended: Bool = false) -> CivilDate {
        var due = receivedOn.adding(days: Self.decisionDays + max(0, correctionDays) + (extended ? Self.extensionDays : 0))
        while isClosed(due) { due = due.adding(days: 1) }
        return due
    }

    /// The last day a correction or suspension request may be filed after a disclosure.
    public static func followUpLastDay(disclosedOn: CivilDate) -> CivilDate {
        disclosedOn.adding(days: followUpWindowDays)
    }

    /// Days of 補正 between the day it was asked for and the day the corrected request arrived.
    public static func correctionDays(from start: CivilDate, to end: CivilDate) -> Int { max(0, start.days(until: end)) }
}
