import MadoguchiCore

/// A condition over facts, written in rule files as a tree rather than an expression string
/// (string parsers proved brittle in GOV.UK's checklists):
///
///     {"all": [c…]}  {"any": [c…]}  {"not": c}
///     {"fact": "deceased_age", "atLeast": 75}   {"fact": "funeral_held", "equals": true}
///     {"fact": "move_type", "in": ["move_in", "move_within"]}
///
/// Comparisons: `equals`, `atLeast`, `atMost`, `lessThan`, `greaterThan`, `in`, `known`.
public indirect enum Condition: Sendable, Hashable {
    case all([Condition])
    case any([Condition])
    case not(Condition)
    case test(FactTest)

    /// Every fact id the condition reads, for validation and for documentation.
    public var factIDs: Set<String> {
        switch self {
        case .all(let cs), .any(let cs): return cs.reduce(into: []) { $0.formUnion($1.factIDs) }
        case .not(let c): return c.factIDs
        case .test(let t): return [t.fact]
        }
    }

    /// Every leaf test, for validation of ids and choice values.
    public var tests: [FactTest] {
        switch self {
        case .all(let cs), .any(let cs): return cs.flatMap(\.tests)
        case .not(let c): return c.tests
        case .test(let t): return [t]
        }
    }
}

/// One comparison of a fact with a constant. `location` is the JSON path where it was written, so a
/// load error can name the line.
public struct FactTest: Sendable, Hashable {
    public enum Comparison: Sendable, Hashable {
        case equals(FactValue)
        case atLeast(Double)
        case atMost(Double)
        case lessThan(Double)
        case greaterThan(Double)
        case isIn([String])
        /// Whether the fact was given at all; never unknown itself. Lets a question appear only
        /// when an earlier one was answered 「わからない」 (ask the age if the birth date is unknown).
        case known(Bool)
    }

    public let fact: String
    public let comparison: Comparison
    public let location: String

    public init(fact: String, _ comparison: Comparison, location: String = "") {
        self.fact = fact
        self.comparison = comparison
        self.location = location
    }
}

extension Condition: Decodable {
    fileprivate enum Keys: String, CodingKey {
        case all, any, not, fact, equals, atLeast, atMost, lessThan, greaterThan, `in`, known
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let present = c.allKeys.map(\.stringValue).sorted()
        func fail(_ why: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: why))
        }
        if c.contains(.all) { self = .all(try c.decode([Condition].self, forKey: .all)); return }
        if c.contains(.any) { self = .any(try c.decode([Condition].self, forKey: .any)); return }
        if c.contains(.not) { self = .not(try c.decode(Condition.self, forKey: .not)); return }
        guard c.contains(.fact) else {
            throw fail("a condition needs one of all / any / not / fact; found keys \(present)")
        }
        let fact = try c.decode(String.self, forKey: .fact)
        let comparison: FactTest.Comparison
        if c.contains(.equals) { comparison = .equals(try c.decode(FactValue.self, forKey: .equals)) }
        else if c.contains(.atLeast) { comparison = .atLeast(try c.decode(Double.self, forKey: .atLeast)) }
        else if c.contains(.atMost) { comparison = .atMost(try c.decode(Double.self, forKey: .atMost)) }
        else if c.contains(.lessThan) { comparison = .lessThan(try c.decode(Double.self, forKey: .lessThan)) }
        else if c.contains(.greaterThan) { comparison = .greaterThan(try c.decode(Double.self, forKey: .greaterThan)) }
        else if c.contains(.in) { comparison = .isIn(try c.decode([String].self, forKey: .in)) }
        else if c.contains(.known) { comparison = .known(try c.decode(Bool.self, forKey: .known)) }
        else { throw fail("fact \"\(fact)\" has no comparison (equals, atLeast, atMost, lessThan, greaterThan, in, known)") }
        self = .test(FactTest(fact: fact, comparison, location: JSONPath.string(decoder.codingPath)))
    }
}

extension Condition: Encodable {
    /// Writes the same tree form the rule files use, so the inventory can be served as JSON.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .all(let cs): try c.encode(cs, forKey: .all)
        case .any(let cs): try c.encode(cs, forKey: .any)
        case .not(let inner): try c.encode(inner, forKey: .not)
        case .test(let t):
            try c.encode(t.fact, forKey: .fact)
            switch t.comparison {
            case .equals(let v): try c.encode(v, forKey: .equals)
            case .atLeast(let x): try c.encode(x, forKey: .atLeast)
            case .atMost(let x): try c.encode(x, forKey: .atMost)
            case .lessThan(let x): try c.encode(x, forKey: .lessThan)
            case .greaterThan(let x): try c.encode(x, forKey: .greaterThan)
            case .isIn(let values): try c.encode(values, forKey: .in)
            case .known(let b): try c.encode(b, forKey: .known)
            }
        }
    }
}
