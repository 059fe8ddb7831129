/// The facts known about one case. Reading a fact that was never set gives `.unknown`, which is
/// what makes "missing" and 「わからない」 behave the same in every rule.
public struct FactSet: Hashable, Sendable, Codable, ExpressibleByDictionaryLiteral {
    public private(set) var values: [String: FactValue]

    public init(_ values: [String: FactValue] = [:]) {
        self.values = values
    }

    public init(dictionaryLiteral elements: (String, FactValue)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    public subscript(id: String) -> FactValue {
        get { values[id] ?? .unknown }
        set { values[id] = newValue }
    }

    /// Whether the resident has said anything for `id`, 「わからない」 included. Used by the navigator,
    /// which must tell "not asked yet" from "answered わからない"; rules never look at it.
    public func isAnswered(_ id: String) -> Bool { values[id] != nil }

    /// Forgets an answer (a question that is no longer shown after an earlier answer changed).
    public mutating func remove(_ id: String) { values[id] = nil }

    public init(from decoder: Decoder) throws {
        self.init(try [String: FactValue](from: decoder))
    }

    public func encode(to encoder: Encoder) throws { try values.encode(to: encoder) }
}
