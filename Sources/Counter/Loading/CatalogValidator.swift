import MadoguchiCore

/// Cross-file checks on the rule files: unknown ids, duplicate ids, type mismatches in conditions,
/// cycles among derived facts, and questions that can never be shown. Each problem names the
/// file and line of the offending object.
struct CatalogValidator {
    /// A value with where it was written.
    struct Located<T> {
        let value: T
        let file: RulesFile
        let path: String
        func problem(_ message: String, at subpath: String? = nil) -> RulesFileProblem {
            file.problem(at: subpath ?? path, message)
        }
    }

    private(set) var counters: [Located<ServiceCounter>] = []
    var procedures: [Located<Procedure>] = []
    private(set) var lifeEvents: [Located<LifeEvent>] = []
    private(set) var problems: [RulesFileProblem] = []

    mutating func readCounters(_ file: RulesFile) {
        guard let decoded = capture({ () throws(RulesFileProblem) in try file.decode(CounterFile.self) }) else { return }
        counters += decoded.counters.enumerated().map { Located(value: $1, file: file, path: "counters/\($0)") }
    }

    mutating func readProcedures(_ file: RulesFile) {
        guard let decoded = capture({ () throws(RulesFileProblem) in try file.decode(ProcedureFile.self) }) else { return }
        procedures += decoded.procedures.enumerated().map { Located(value: $1, file: file, path: "procedures/\($0)") }
    }

    mutating func readLifeEvent(_ file: RulesFile) {
        guard let event = capture({ () throws(RulesFileProblem) in try file.decode(LifeEvent.self) }) else { return }
        lifeEvents.append(Located(value: event, file: file, path: ""))
    }

    private mutating func capture<T>(_ body: () throws(RulesFileProblem) -> T) -> T? {
        do { return try body() } catch { problems.append(error); return nil }
    }

    mutating func validate() {
        checkDuplicates(counters, kind: "counter")
        checkDuplicates(procedures, kind: "procedure")
        checkDuplicates(lifeEvents, kind: "life event")
        let counterIDs = Set(counters.map(\.value.id))
        for p in procedures { checkProcedure(p, counterIDs: counterIDs) }
        for e in lifeEvents { checkLifeEvent(e) }
    }

    private mutating func checkDuplicates<T: Identifiable>(_ items: [Located<T>], kind: String) where T.ID == String {
        var seen: Set<String> = []
        for item in items where !seen.insert(item.value.id).inserted {
            problems.append(item.problem("duplicate \(kind) id \"\(item.value.id)\""))
        }
    }

    private mutating func checkProcedure(_ p: Located<Procedure>, counterIDs: Set<String>) {
        let procedure = p.value
        if !counterIDs.contains(procedure.counter) {
            problems.append(p.problem("procedure \"\(procedure.id)\": unknown counter \"\(procedure.counter)\"", at: p.path + "/counter"))
        }
        for (i, variant) in procedure.variants.enumerated() {
            if let c = variant.counter, !counterIDs.contains(c) {
                problems.append(p.problem("procedure \"\(procedure.id)\": unknown counter \"\(c)\" in variant", at: p.path + "/variants/\(i)"))
            }
        }
        if procedure.channels.isEmpty {
            problems.append(p.problem("procedure \"\(procedure.id)\" has no channel"))
        }
        for (i, field) in (procedure.paperForm?.fields ?? []).enumerated() where !PaperFormFiller.isKnownSource(field.prefill) {
            problems.append(p.problem("procedure \"\(procedure.id)\": unknown prefill source \"\(field.prefill)\"", at: p.path + "/paperForm/fields/\(i)"))
        }
        for (i, channel) in procedure.channels.enumerated() where channel.kind == .online && channel.url == nil {
            problems.append(p.problem("procedure \"\(procedure.id)\": online channel without url", at: p.path + "/channels/\(i)"))
        }
    }

    /// Facts and date facts a procedure reads beyond its life-event entry: item conditions,
    /// variant conditions, and deadline anchors.
    private static func conditions(of procedure: Procedure) -> [Condition] {
        procedure.itemsToBring.compactMap(\.when) + procedure.variants.compactMap(\.when)
    }

    private static func anchors(of procedure: Procedure) -> [String] {
        ([procedure.deadline] + procedure.variants.map(\.deadline)).compactMap { $0?.anchor }
            .filter { $0 != LifeEvent.eventDateFact }
    }

    private mutating func checkLifeEvent(_ located: Located<LifeEvent>) {
        let event = located.value
        var known: [String: Question.Kind] = [:]
        var choices: [String: [String]] = [:]
        for q in event.questions {
            known[q.id] = q.type
            if q.type == .choice { choices[q.id] = q.choices.map(\.value) }
        }
        checkDerivedFacts(located, known: &known)
        checkQuestions(located, known: known)
        let procedureByID = Dictionary(procedures.map { ($0.value.id, $0.value) }, uniquingKeysWith: { a, _ in a })
        for (i, entry) in event.procedures.enumerated() {
            let path = "procedures/\(i)"
            guard let procedure = procedureByID[entry.procedure] else {
                problems.append(located.problem("life event \"\(event.id)\": unknown procedure id \"\(entry.procedure)\"", at: path))
                continue
            }
            if let when = entry.when {
                checkCondition(when, in: located, known: known, choices: choices)
                checkGating(when, of: entry, in: located, path: path)
            }
            for c in Self.conditions(of: procedure) {
                for t in c.tests where known[t.fact] == nil {
                    problems.append(located.problem(
                        "life event \"\(event.id)\": procedure \"\(procedure.id)\" reads fact \"\(t.fact)\", which this event never asks or derives",
                        at: path))
                }
            }
            for field in procedure.paperForm?.fields ?? [] where field.prefill.hasPrefix("fact:") {
                let fact = String(field.prefill.dropFirst(5))
                if known[fact] == nil {
                    problems.append(located.problem(
                        "life event \"\(event.id)\": paper form of \"\(procedure.id)\" pre-fills from fact \"\(fact)\", which this event never asks",
                        at: path))
                }
            }
            for anchor in Self.anchors(of: procedure) where known[anchor] != .date {
                problems.append(located.problem(
                    "life event \"\(event.id)\": procedure \"\(procedure.id)\" has deadline anchor \"\(anchor)\", which is not a date fact of this event",
                    at: path))
            }
        }
    }

    /// A procedure condition that reads a follow-up question must also read what gates that
    /// question; otherwise, when the follow-up is hidden, its fact stays unknown and the procedure
    /// would be listed 要確認 for a resident it cannot concern.
    private mutating func checkGating(_ condition: Condition, of entry: LifeEvent.Entry, in located: Located<LifeEvent>, path: String) {
        let event = located.value
        let read = condition.factIDs
        for fact in read.sorted() {
            guard let showIf = event.question(fact)?.showIf, !event.derivedFacts.contains(where: { $0.id == fact }) else { continue }
            for gate in showIf.factIDs.subtracting(read).sorted() {
                problems.append(located.problem(
                    "procedure \"\(entry.procedure)\": condition reads \"\(fact)\", a question shown only depending on \"\(gate)\"; include \"\(gate)\" in the condition",
                    at: path))
            }
        }
    }

    private mutating func checkQuestions(_ located: Located<LifeEvent>, known: [String: Question.Kind]) {
        let event = located.value
        var seen: Set<String> = []
        var askedBefore: Set<String> = []
        var choices: [String: [String]] = [:]
        for (i, q) in event.questions.enumerated() {
            let path = "questions/\(i)"
            if !seen.insert(q.id).inserted {
                problems.append(located.problem("life event \"\(event.id)\": duplicate question id \"\(q.id)\"", at: path))
            }
            if q.type == .choice && q.choices.count < 2 {
                problems.append(located.problem("question \"\(q.id)\": a choice question needs at least two choices", at: path))
            }
            if let showIf = q.showIf {
                let derivedReady = Set(event.derivedFacts.filter { $0.inputs.allSatisfy(askedBefore.contains) }.map(\.id))
                for t in showIf.tests {
                    if t.fact == q.id {
                        problems.append(located.problem("question \"\(q.id)\": show-condition depends on itself (cycle)", at: t.location))
                    } else if known[t.fact] != nil && !askedBefore.contains(t.fact) && !derivedReady.contains(t.fact) {
                        problems.append(located.problem(
                            "question \"\(q.id)\" is unreachable in order: its show-condition reads \"\(t.fact)\", which is only asked later (move it after that question)",
                            at: t.location))
                    }
                }
                checkCondition(showIf, in: located, known: known, choices: choices)
                if !ConditionSatisfiability.canBeTrue(showIf, kinds: known, choices: choices) {
                    problems.append(located.problem("question \"\(q.id)\" is unreachable: its show-condition can never be true", at: path + "/showIf"))
                }
            }
            askedBefore.insert(q.id)
            if q.type == .choice { choices[q.id] = q.choices.map(\.value) }
        }
    }

    private mutating func checkDerivedFacts(_ located: Located<LifeEvent>, known: inout [String: Question.Kind]) {
        let event = located.value
        let derivedIDs = Set(event.derivedFacts.map(\.id))
        for (i, d) in event.derivedFacts.enumerated() {
            for input in d.inputs where known[input] != .date && !derivedIDs.contains(input) {
                problems.append(located.problem("derived fact \"\(d.id)\": input \"\(input)\" is not a date question of this event", at: "derivedFacts/\(i)"))
            }
        }
        // Cycle check: follow derived inputs that are themselves derived.
        let inputsByID = Dictionary(event.derivedFacts.map { ($0.id, $0.inputs) }, uniquingKeysWith: { a, _ in a })
        func cycle(from start: String, at current: String, trail: [String]) -> [String]? {
            for next in inputsByID[current] ?? [] where inputsByID[next] != nil {
                if next == start { return trail + [next] }
                if !trail.contains(next), let found = cycle(from: start, at: next, trail: trail + [next]) { return found }
            }
            return nil
        }
        for (i, d) in event.derivedFacts.enumerated() {
            // Report each cycle once, from its alphabetically first member.
            if let loop = cycle(from: d.id, at: d.id, trail: [d.id]), loop.min() == d.id {
                problems.append(located.problem("derived facts form a cycle: \(loop.joined(separator: " → "))", at: "derivedFacts/\(i)"))
            }
            if known[d.id] == nil { known[d.id] = .number }
        }
    }

    private mutating func checkCondition(_ condition: Condition, in located: Located<LifeEvent>,
                                         known: [String: Question.Kind], choices: [String: [String]]) {
        for t in condition.tests {
            guard let kind = known[t.fact] else {
                problems.append(located.problem("unknown fact id \"\(t.fact)\"", at: t.location))
                continue
            }
            let problem: String?
            switch t.comparison {
            case .atLeast, .atMost, .lessThan, .greaterThan:
                problem = kind == .number ? nil : "fact \"\(t.fact)\" is a \(kind.rawValue), not a number"
            case .known:
                problem = nil
            case .isIn(let values):
                problem = kind != .choice ? "fact \"\(t.fact)\" is a \(kind.rawValue), not a choice"
                    : Self.missingChoice(values, of: t.fact, choices: choices)
            case .equals(.choice(let value)):
                problem = kind != .choice ? "fact \"\(t.fact)\" is a \(kind.rawValue); cannot compare with \"\(value)\""
                    : Self.missingChoice([value], of: t.fact, choices: choices)
            case .equals(let value):
                let matches: Bool
                switch (value, kind) {
                case (.bool, .boolean), (.number, .number), (.date, .date): matches = true
                default: matches = false
                }
                problem = matches ? nil : "fact \"\(t.fact)\" is a \(kind.rawValue); cannot compare with \(value)"
            }
            if let problem { problems.append(located.problem(problem, at: t.location)) }
        }
    }

    private static func missingChoice(_ values: [String], of fact: String, choices: [String: [String]]) -> String? {
        guard let missing = values.first(where: { !(choices[fact] ?? []).contains($0) }) else { return nil }
        return "fact \"\(fact)\" has no choice \"\(missing)\" (choices: \((choices[fact] ?? []).joined(separator: ", ")))"
    }
}
