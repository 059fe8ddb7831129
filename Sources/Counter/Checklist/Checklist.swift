import MadoguchiCore

/// The result for a resident: every procedure that applies (`required`) or may apply (`to_check`),
/// ordered by deadline, with where, by when, what to bring and why. Encodes to the JSON of
/// `POST /api/v1/life-events/{event}/checklist` with snake_case keys, whatever the encoder's settings.
public struct Checklist: Sendable, Hashable, Codable {
    public let event: String
    public let eventName: String
    public let eventDate: CivilDate
    public let generatedOn: CivilDate
    /// Ordered by deadline (earliest first; none last), then by visiting order.
    public let procedures: [ChecklistItem]
    /// The same procedures grouped by counter, in visiting order (for the 受付案内票 and the page).
    public let counters: [CounterVisit]

    enum CodingKeys: String, CodingKey {
        case event, eventName = "event_name", eventDate = "event_date", generatedOn = "generated_on", procedures, counters
    }

    public var required: [ChecklistItem] { procedures.filter { $0.status == .required } }
    public var toCheck: [ChecklistItem] { procedures.filter { $0.status == .toCheck } }
    public func item(_ id: String) -> ChecklistItem? { procedures.first { $0.id == id } }
}

/// Whether a procedure certainly applies or depends on an answer the resident did not know.
public enum ChecklistStatus: String, Sendable, Codable {
    case required
    case toCheck = "to_check"
}

/// One procedure on the checklist.
public struct ChecklistItem: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let counter: CounterSummary
    /// Set when an unknown answer could send the resident to another counter.
    public let counterNote: String?
    /// The last day, rolled past closed days; nil when the law sets none (「速やかに」).
    public let deadline: CivilDate?
    public let deadlineDescription: String?
    /// True when the deadline was computed from the event date because its own anchor (e.g. the
    /// funeral date) was not given.
    public let deadlineApproximate: Bool
    public let deadlinePassed: Bool
    public let itemsToBring: [BringItem]
    /// The main way to do it: `online` when an e-application exists, else `counter` or `post`.
    public let channel: Channel.Kind
    public let channels: [Channel]
    public let status: ChecklistStatus
    public let reason: String
    /// For `to_check`: the facts still unknown and the questions that would settle them.
    public let unknownFacts: [UnknownFact]
    public let legalBasis: String
    public let feeYen: Int
    public let notes: [String]

    enum CodingKeys: String, CodingKey {
        case id, name, counter, counterNote = "counter_note", deadline, deadlineDescription = "deadline_description"
        case deadlineApproximate = "deadline_approximate", deadlinePassed = "deadline_passed"
        case itemsToBring = "items_to_bring", channel, channels, status, reason, unknownFacts = "unknown_facts"
        case legalBasis = "legal_basis", feeYen = "fee_yen", notes
    }
}

public struct CounterSummary: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let department: String
    public let location: String
}

public struct BringItem: Sendable, Hashable, Codable {
    public let name: String
    public let note: String?
    /// True when it is needed only in a case the answers did not settle (「該当する場合」).
    public let conditional: Bool
}

public struct UnknownFact: Sendable, Hashable, Codable {
    public let fact: String
    public let question: String
}

/// One stop on the visit: a counter and the procedures done there.
public struct CounterVisit: Sendable, Hashable, Codable {
    public let order: Int
    public let counter: CounterSummary
    public let external: Bool
    public let procedureIDs: [String]

    enum CodingKeys: String, CodingKey { case order, counter, external, procedureIDs = "procedure_ids" }
}
