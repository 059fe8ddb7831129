import MadoguchiCore

/// Which counter and deadline apply to a procedure, given the answers. The first variant whose
/// condition holds wins; variants still unknown before it are kept as possibilities, so the
/// stricter deadline is shown and the resident is told the counter may differ.
struct VariantResolution {
    let counter: String
    /// The applicable deadline first, then any that an unknown answer might make apply.
    let deadlines: [Deadline]
    let notes: [String]
    let otherPossibleCounters: [String]

    init(procedure: Procedure, facts: FactSet, eventDate: CivilDate) {
        var counter = procedure.counter
        var deadline = procedure.deadline
        var notes: [String] = []
        var possibleDeadlines: [Deadline] = []
        var possibleCounters: [String] = []
        for variant in procedure.variants where variant.effective?.contains(eventDate) ?? true {
            let truth = variant.when?.evaluate(facts).truth ?? .yes
            if truth == .yes {
                counter = variant.counter ?? counter
                deadline = variant.deadline ?? deadline
                if let note = variant.note { notes.append(note) }
                break
            }
            if truth == .unknown {
                if let c = variant.counter { possibleCounters.append(c) }
                if let d = variant.deadline { possibleDeadlines.append(d) }
                if let note = variant.note { notes.append(note) }
            }
        }
        self.counter = counter
        self.deadlines = (deadline.map { [$0] } ?? []) + possibleDeadlines
        self.notes = notes
        self.otherPossibleCounters = possibleCounters.filter { $0 != counter }
    }

    func counterNote(_ catalog: LifeEventCatalog) -> String? {
        let names = otherPossibleCounters.compactMap { catalog.counter($0)?.name }
        guard !names.isEmpty else { return nil }
        return "回答によっては「\(names.joined(separator: "」「"))」での手続になります。"
    }
}
