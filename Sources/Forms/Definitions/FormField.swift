import MadoguchiCore

/// One field of a form, with the rules its value must meet.
public struct FormField: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case text, kana, date, number, choice, checkbox, postalCode = "postal_code", address, phone, email
        case myNumber = "my_number"
        case file
    }

    public struct Choice: Sendable, Hashable, Codable {
        public let value: String
        public let label: LocalizedText
    }

    public let id: String
    public let type: Kind
    public let label: LocalizedText
    public let help: LocalizedText?
    public let required: Bool
    public let choices: [Choice]
    /// Shown (and validated) only when another field has one of these values.
    public let showIf: ShowCondition?
    public let maxLength: Int
    public let minimum: Double?
    public let maximum: Double?
    /// For files: accepted kinds (`pdf`, `png`, `jpeg`) and the size limit.
    public let accept: [String]
    public let maxBytes: Int
    /// Where a value may come from when the resident arrives from the navigator:
    /// `resident.name`, `resident.address`, `resident.birth_date`, `event_date`.
    public let prefill: String?

    public struct ShowCondition: Sendable, Hashable, Codable {
        public let field: String
        public let equals: [String]
    }

    enum CodingKeys: String, CodingKey { case id, type, label, help, required, choices, showIf, maxLength, minimum, maximum, accept, maxBytes, prefill }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        let typeName = try c.decode(String.self, forKey: .type)
        guard let type = Kind(rawValue: typeName) else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription:
                "unknown field type \"\(typeName)\" (known: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.type = type
        label = try c.decode(LocalizedText.self, forKey: .label)
        help = try c.decodeIfPresent(LocalizedText.self, forKey: .help)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        choices = try c.decodeIfPresent([Choice].self, forKey: .choices) ?? []
        showIf = try c.decodeIfPresent(ShowCondition.self, forKey: .showIf)
        maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength) ?? (type == .address ? 200 : 100)
        minimum = try c.decodeIfPresent(Double.self, forKey: .minimum)
        maximum = try c.decodeIfPresent(Double.self, forKey: .maximum)
        accept = try c.decodeIfPresent([String].self, forKey: .accept) ?? (type == .file ? ["pdf", "png", "jpeg"] : [])
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes) ?? (type == .file ? 5 * 1024 * 1024 : 0)
        prefill = try c.decodeIfPresent(String.self, forKey: .prefill)
    }

    /// Whether the field is shown given the other answers.
    public func isShown(_ values: [String: String]) -> Bool {
        isShown { values[$0] }
    }

    /// Whether the field is shown, reading the other answers through `value` (no dictionary is built).
    public func isShown(_ value: (String) -> String?) -> Bool {
        guard let showIf else { return true }
        return showIf.equals.contains(value(showIf.field) ?? "")
    }
}
