import MadoguchiCore

/// What a saved counter session holds, all of it personal: encrypted as one JSON document.
public struct CounterSessionContent: Sendable, Hashable, Codable {
    public var resident: BasicFourItems
    public var eventDate: CivilDate
    public var facts: FactSet

    public init(resident: BasicFourItems, eventDate: CivilDate, facts: FactSet = FactSet()) {
        self.resident = resident
        self.eventDate = eventDate
        self.facts = facts
    }

    enum CodingKeys: String, CodingKey { case resident, eventDate = "event_date", facts }
}
