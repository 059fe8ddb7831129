import MadoguchiCore

/// A question the navigator asks, one per screen; its answer sets the fact of the same id.
///
/// `showIf` hides follow-ups that cannot matter (the count of remaining adults only when the
/// deceased was the householder). A question may only depend on facts asked before it, which the
/// loader checks, so the order on screen is always answerable.
public struct Question: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Codable { case boolean, choice, number, date }

    public struct Choice: Sendable, Hashable, Codable {
        public let value: String
        public let label: LocalizedText
    }

    public let id: String
    public let type: Kind
    public let text: LocalizedText
    /// A short name for the field in error messages (「亡くなった方の年齢」).
    public let field: LocalizedText
    public let help: LocalizedText?
    public let choices: [Choice]
    public let showIf: Condition?
    /// Whether 「わからない」 is offered. On by default: the point is that unknown never blocks.
    public let allowsUnknown: Bool
    public let minimum: Double?
    public let maximum: Double?
    public let integer: Bool
    /// For dates: must not be after the event date (a birth date before a death).
    public let notAfterEventDate: Bool

    enum CodingKeys: String, CodingKey {
        case id, type, text, field, help, choices, showIf, allowsUnknown, minimum, maximum, integer, notAfterEventDate
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        type = try c.decode(Kind.self, forKey: .type)
        text = try c.decode(LocalizedText.self, forKey: .text)
        field = try c.decode(LocalizedText.self, forKey: .field)
        help = try c.decodeIfPresent(LocalizedText.self, forKey: .help)
        choices = try c.decodeIfPresent([Choice].self, forKey: .choices) ?? []
        showIf = try c.decodeIfPresent(Condition.self, forKey: .showIf)
        allowsUnknown = try c.decodeIfPresent(Bool.self, forKey: .allowsUnknown) ?? true
        minimum = try c.decodeIfPresent(Double.self, forKey: .minimum)
        maximum = try c.decodeIfPresent(Double.self, forKey: .maximum)
        integer = try c.decodeIfPresent(Bool.self, forKey: .integer) ?? (type == .number)
        notAfterEventDate = try c.decodeIfPresent(Bool.self, forKey: .notAfterEventDate) ?? false
    }
}
