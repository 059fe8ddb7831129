import MadoguchiCore

/// Decides whether a show-condition can ever be true for some concrete answers, by trying every
/// combination of the values that matter (each choice, yes/no, and the numbers around each
/// threshold). A question whose condition can only be "unknown" or false is unreachable, which is
/// a rule-file mistake worth stopping start-up for.
enum ConditionSatisfiability {
    /// Above this many combinations the check gives the benefit of the doubt.
    static let limit = 4096

    static func canBeTrue(_ condition: Condition, kinds: [String: Question.Kind], choices: [String: [String]]) -> Bool {
        var domains: [(String, [FactValue])] = []
        for fact in condition.factIDs.sorted() {
            let tests = condition.tests.filter { $0.fact == fact }
            domains.append((fact, candidates(kind: kinds[fact], choices: choices[fact] ?? [], tests: tests)))
        }
        let total = domains.reduce(1) { $0 * max($1.1.count, 1) }
        guard total <= limit else { return true }
        var facts = FactSet()
        return search(condition, domains[...], &facts)
    }

    private static func search(_ condition: Condition, _ rest: ArraySlice<(String, [FactValue])>, _ facts: inout FactSet) -> Bool {
        guard let (fact, values) = rest.first else { return condition.evaluate(facts).truth == .yes }
        for value in values {
            facts[fact] = value
            if search(condition, rest.dropFirst(), &facts) { return true }
        }
        return false
    }

    private static func candidates(kind: Question.Kind?, choices: [String], tests: [FactTest]) -> [FactValue] {
        switch kind {
        case .boolean: return [.bool(true), .bool(false), .unknown]
        case .choice: return choices.map { .choice($0) } + [.unknown]
        case .number:
            var numbers: Set<Double> = [0]
            for t in tests {
                switch t.comparison {
                case .atLeast(let x), .atMost(let x), .lessThan(let x), .greaterThan(let x): numbers.formUnion([x - 1, x, x + 1])
                case .equals(.number(let x)): numbers.insert(x)
                default: break
                }
            }
            return numbers.sorted().map { .number($0) } + [.unknown]
        case .date, .none:
            let sample = FactValue.date(CivilDate(year: 2000, month: 1, day: 1)!)
            return tests.compactMap { if case .equals(let v) = $0.comparison { return v }; return nil } + [sample, .unknown]
        }
    }
}
