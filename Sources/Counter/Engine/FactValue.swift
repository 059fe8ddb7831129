import Foundation
import MadoguchiCore

/// The value of one named fact. A fact the resident has not given is `.unknown`, exactly as if they
/// had answered 「わからない」, so the two can never be told apart by the rules.
///
/// JSON form (API and saved answers): `true`/`false`, a number, `"YYYY-MM-DD"`, `"unknown"` or
/// `null`, or any other string for a choice.
public enum FactValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case bool(Bool)
    case number(Double)
    case date(CivilDate)
    case choice(String)
    case unknown

    public var isUnknown: Bool { self == .unknown }

    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var numberValue: Double? { if case .number(let n) = self { return n }; return nil }
    public var dateValue: CivilDate? { if case .date(let d) = self { return d }; return nil }
    public var choiceValue: String? { if case .choice(let c) = self { return c }; return nil }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .unknown; return }
        if let b = try? container.decode(Bool.self) { self = .bool(b); return }
        if let n = try? container.decode(Double.self) { self = .number(n); return }
        let text = try container.decode(String.self)
        self = FactValue(text: text)
    }

    /// Reads a string: `unknown`, a date, or a choice. Booleans and numbers are not guessed from
    /// strings here; form input goes through `Question.parseAnswer`, which knows the expected type.
    public init(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "unknown" { self = .unknown }
        else if let date = CivilDate(iso: trimmed) { self = .date(date) }
        else { self = .choice(trimmed) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .bool(let b): try container.encode(b)
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e15 { try container.encode(Int(n)) } else { try container.encode(n) }
        case .date(let d): try container.encode(d.description)
        case .choice(let c): try container.encode(c)
        case .unknown: try container.encode("unknown")
        }
    }

    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
        case .date(let d): return d.description
        case .choice(let c): return c
        case .unknown: return "unknown"
        }
    }
}

