import MadoguchiCore

/// A fact computed from others when it was not given directly — e.g. `deceased_age` as whole
/// years from `deceased_birth_date` to the event date — so residents are never asked twice.
public struct DerivedFact: Sendable, Hashable, Codable, Identifiable {
    public enum Rule: String, Sendable, Codable {
        /// Whole years between two dates (age on a date).
        case wholeYears
    }

    public let id: String
    public let rule: Rule
    /// A date fact id.
    public let from: String
    /// A date fact id, or `event_date`.
    public let to: String
    public let description: LocalizedText

    /// The inputs, for dependency and cycle checks.
    public var inputs: [String] { [from, to].filter { $0 != LifeEvent.eventDateFact } }

    func compute(_ facts: FactSet, eventDate: CivilDate) -> FactValue {
        func date(_ id: String) -> CivilDate? { id == LifeEvent.eventDateFact ? eventDate : facts[id].dateValue }
        switch rule {
        case .wholeYears:
            guard let a = date(from), let b = date(to), a <= b else { return .unknown }
            return .number(Double(a.wholeYears(until: b)))
        }
    }
}
