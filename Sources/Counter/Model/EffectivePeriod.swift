import MadoguchiCore

/// The period in which a rule applies, judged by the event date — rules change (the 2024 児童手当
/// reform, the 2023 rise of 出産育児一時金) and a late claim follows the rule of its event's day.
public struct EffectivePeriod: Sendable, Hashable, Codable {
    public let from: CivilDate?
    public let until: CivilDate?

    public init(from: CivilDate? = nil, until: CivilDate? = nil) {
        self.from = from
        self.until = until
    }

    public func contains(_ date: CivilDate) -> Bool {
        (from.map { $0 <= date } ?? true) && (until.map { date <= $0 } ?? true)
    }
}
