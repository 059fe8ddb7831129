/// The outcome of evaluating a condition: its truth, and — when it is unknown — which unknown facts
/// made it so, so that a 要確認 item can say which question to answer.
public struct Evaluation: Sendable, Hashable {
    public let truth: Truth
    public let unknownFacts: [String]
}

extension Condition {
    /// Kleene evaluation. Only the facts of sub-conditions that are themselves unknown are blamed,
    /// so "age 80, insurance unknown" does not blame the age.
    public func evaluate(_ facts: FactSet) -> Evaluation {
        switch self {
        case .test(let t):
            let truth = t.evaluate(facts[t.fact])
            return Evaluation(truth: truth, unknownFacts: truth == .unknown ? [t.fact] : [])
        case .not(let c):
            let inner = c.evaluate(facts)
            return Evaluation(truth: !inner.truth, unknownFacts: inner.unknownFacts)
        case .all(let cs):
            return Self.combine(cs.map { $0.evaluate(facts) }, start: .yes, with: &&)
        case .any(let cs):
            return Self.combine(cs.map { $0.evaluate(facts) }, start: .no, with: ||)
        }
    }

    private static func combine(_ parts: [Evaluation], start: Truth, with op: (Truth, Truth) -> Truth) -> Evaluation {
        let truth = parts.reduce(start) { op($0, $1.truth) }
        guard truth == .unknown else { return Evaluation(truth: truth, unknownFacts: []) }
        var seen: [String] = []
        for part in parts where part.truth == .unknown {
            for f in part.unknownFacts where !seen.contains(f) { seen.append(f) }
        }
        return Evaluation(truth: truth, unknownFacts: seen)
    }
}

extension FactTest {
    /// Compares one value. A value of the wrong type counts as unknown rather than false, so a
    /// rule-file slip shows up as 要確認 instead of silently dropping a procedure.
    public func evaluate(_ value: FactValue) -> Truth {
        if case .known(let expected) = comparison { return Truth(value.isUnknown != expected) }
        if value.isUnknown { return .unknown }
        switch comparison {
        case .equals(let expected):
            if case .number(let e) = expected, let n = value.numberValue { return Truth(n == e) }
            if Self.sameKind(expected, value) { return Truth(expected == value) }
            return .unknown
        case .atLeast(let x): return value.numberValue.map { Truth($0 >= x) } ?? .unknown
        case .atMost(let x): return value.numberValue.map { Truth($0 <= x) } ?? .unknown
        case .lessThan(let x): return value.numberValue.map { Truth($0 < x) } ?? .unknown
        case .greaterThan(let x): return value.numberValue.map { Truth($0 > x) } ?? .unknown
        case .isIn(let options): return value.choiceValue.map { Truth(options.contains($0)) } ?? .unknown
        case .known: return .unknown
        }
    }

    private static func sameKind(_ a: FactValue, _ b: FactValue) -> Bool {
        switch (a, b) {
        case (.bool, .bool), (.number, .number), (.date, .date), (.choice, .choice): return true
        default: return false
        }
    }
}
