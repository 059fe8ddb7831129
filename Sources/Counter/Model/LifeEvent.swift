import MadoguchiCore

/// A life event (ライフイベント) — a death, a birth, a move — with its questions and the procedures
/// it may lead to, each under a condition. Read from `Rules/life-events/*.json`.
public struct LifeEvent: Sendable, Hashable, Codable, Identifiable {
    /// The pseudo-fact naming the event date in derived facts and deadline anchors.
    public static let eventDateFact = "event_date"

    public let id: String
    public let name: LocalizedText
    public let eventDate: EventDateRule
    public let questions: [Question]
    public let derivedFacts: [DerivedFact]
    public let procedures: [Entry]

    /// What the event date means, and how far from today it may plausibly be.
    public struct EventDateRule: Sendable, Hashable, Codable {
        public let label: LocalizedText
        /// 0 for a death or birth (cannot be in the future); more for a planned move.
        public let maxDaysAhead: Int
        public let maxDaysBack: Int
    }

    /// A procedure this event may require, and why. No `when` means always.
    public struct Entry: Sendable, Hashable, Codable {
        public let procedure: String
        public let when: Condition?
        /// Limits the entry to events within a period (a procedure introduced or abolished).
        public let effective: EffectivePeriod?
        /// Shown with the item: why it is on the list (「亡くなった方が世帯主で…」).
        public let reason: LocalizedText
    }

    enum CodingKeys: String, CodingKey { case id, name, eventDate, questions, derivedFacts, procedures }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(LocalizedText.self, forKey: .name)
        eventDate = try c.decode(EventDateRule.self, forKey: .eventDate)
        questions = try c.decode([Question].self, forKey: .questions)
        derivedFacts = try c.decodeIfPresent([DerivedFact].self, forKey: .derivedFacts) ?? []
        procedures = try c.decode([Entry].self, forKey: .procedures)
    }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    /// Every fact id this event understands: its questions and derived facts.
    public var factIDs: [String] {
        var ids = questions.map(\.id)
        for d in derivedFacts where !ids.contains(d.id) { ids.append(d.id) }
        return ids
    }
}
