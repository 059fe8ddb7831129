import MadoguchiCore

extension LifeEvent {
    /// The facts with derived facts filled in where the resident did not give them directly.
    /// Derived facts may build on each other (the loader rejects cycles), so this repeats until
    /// nothing changes.
    public func withDerivedFacts(_ facts: FactSet, eventDate: CivilDate?) -> FactSet {
        guard let eventDate else { return facts }
        var result = facts
        var changed = true
        var rounds = 0
        while changed && rounds <= derivedFacts.count {
            changed = false
            rounds += 1
            for d in derivedFacts where result[d.id].isUnknown {
                let value = d.compute(result, eventDate: eventDate)
                if !value.isUnknown { result[d.id] = value; changed = true }
            }
        }
        return result
    }

    /// The text that asks for a fact, for 要確認 reasons and documentation.
    public func prompt(for fact: String) -> LocalizedText {
        if let q = question(fact) { return q.text }
        if let d = derivedFacts.first(where: { $0.id == fact }) { return d.description }
        return LocalizedText(ja: fact, en: fact)
    }
}
