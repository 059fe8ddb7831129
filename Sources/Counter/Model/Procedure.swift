import MadoguchiCore

/// One administrative procedure (手続) in the city's inventory, read from `Rules/procedures/*.json`.
///
/// Everything a resident or counter clerk needs to know is data: where, by when, what to bring,
/// on what legal basis, and who checked it last. `variants` let the counter or the deadline depend
/// on answers (年金: the city for 国民年金 only, else the pension office).
public struct Procedure: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let name: String
    /// The inventory group: `bereavement`, `birth`, `moving`, `childcare`, `care`, `disaster`…
    public let category: String
    /// The usual counter (a `ServiceCounter` id); a variant may change it.
    public let counter: String
    public let legalBasis: String
    public let applicants: Applicants
    public let deadline: Deadline?
    public let itemsToBring: [ItemToBring]
    public let fee: Fee
    public let channels: [Channel]
    public let variants: [ProcedureVariant]
    public let notes: [String]
    public let source: Source
    public let lastVerified: CivilDate
    /// The paper form the assisted counter prints, if the procedure has one.
    public let paperForm: PaperForm?

    /// Who may apply, and whether and how a proxy may.
    public struct Applicants: Sendable, Hashable, Codable {
        public let who: String
        public let proxy: String
    }

    public struct Fee: Sendable, Hashable, Codable {
        public let yen: Int
        public let note: String?
    }

    public struct Source: Sendable, Hashable, Codable {
        public let title: String
        public let url: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, name, category, counter, legalBasis, applicants, deadline, itemsToBring, fee, channels
        case variants, notes, source, lastVerified, paperForm
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        category = try c.decode(String.self, forKey: .category)
        counter = try c.decode(String.self, forKey: .counter)
        legalBasis = try c.decode(String.self, forKey: .legalBasis)
        applicants = try c.decode(Applicants.self, forKey: .applicants)
        deadline = try c.decodeIfPresent(Deadline.self, forKey: .deadline)
        itemsToBring = try c.decodeIfPresent([ItemToBring].self, forKey: .itemsToBring) ?? []
        fee = try c.decodeIfPresent(Fee.self, forKey: .fee) ?? Fee(yen: 0, note: nil)
        channels = try c.decode([Channel].self, forKey: .channels)
        variants = try c.decodeIfPresent([ProcedureVariant].self, forKey: .variants) ?? []
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        source = try c.decode(Source.self, forKey: .source)
        lastVerified = try c.decode(CivilDate.self, forKey: .lastVerified)
        paperForm = try c.decodeIfPresent(PaperForm.self, forKey: .paperForm)
    }
}

/// An answer- or date-dependent override of a procedure's counter or deadline. The first variant whose
/// condition is true wins; one that is still unknown is reported so the resident knows the counter
/// may differ.
public struct ProcedureVariant: Sendable, Hashable, Codable {
    /// No condition means "whenever the period applies".
    public let when: Condition?
    /// Limits the variant to events within a period (a rule that changed on a date).
    public let effective: EffectivePeriod?
    public let counter: String?
    public let deadline: Deadline?
    /// Shown with the item when this variant applies (「厚生年金の場合は10日以内」).
    public let note: String?
}
