import MadoguchiCore

/// Turns a life event, its date and the resident's facts into a checklist.
///
/// Each entry's condition is evaluated in Kleene logic: yes → required, unknown → to_check with the
/// questions that would settle it, no → left out. Unknown never hides a procedure.
public struct ChecklistBuilder: Sendable {
    public let catalog: LifeEventCatalog
    public let calendar: OfficeCalendar

    public init(catalog: LifeEventCatalog, calendar: OfficeCalendar = .standard) {
        self.catalog = catalog
        self.calendar = calendar
    }

    /// Validates the answers, then builds the checklist. `today` decides which dates are in the
    /// future and which deadlines have passed.
    public func checklist(event eventID: String, eventDate: CivilDate, facts: FactSet, today: CivilDate) throws(CounterError) -> Checklist {
        let event = try catalog.lifeEvent(eventID)
        try AnswerValidator.validate(event: event, eventDate: eventDate, facts: facts, today: today)
        let all = event.withDerivedFacts(facts, eventDate: eventDate)
        try checkConsistency(event: event, given: facts, eventDate: eventDate)
        var items: [ChecklistItem] = []
        for entry in event.procedures where entry.effective?.contains(eventDate) ?? true {
            guard let procedure = catalog.procedure(entry.procedure) else { continue }
            let evaluation = entry.when?.evaluate(all) ?? Evaluation(truth: .yes, unknownFacts: [])
            guard evaluation.truth != .no else { continue }
            items.append(item(for: procedure, entry: entry, evaluation: evaluation, event: event,
                              eventDate: eventDate, facts: all, today: today))
        }
        let ordered = items.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            switch (x.deadline, y.deadline) {
            case let (dx?, dy?) where dx != dy: return dx < dy
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
            let (ox, oy) = (visitOrder(x.counter.id), visitOrder(y.counter.id))
            return ox != oy ? ox < oy : a.offset < b.offset
        }.map(\.element)
        return Checklist(event: event.id, eventName: event.name.ja, eventDate: eventDate, generatedOn: today,
                         procedures: ordered, counters: VisitingOrder.visits(for: ordered, catalog: catalog))
    }

    private func visitOrder(_ counterID: String) -> Int { catalog.counter(counterID)?.visitOrder ?? Int.max }

    /// A given age that contradicts the given birth date is almost always a typing slip.
    private func checkConsistency(event: LifeEvent, given: FactSet, eventDate: CivilDate) throws(CounterError) {
        for d in event.derivedFacts {
            guard let stated = given[d.id].numberValue else { continue }
            var without = given
            without.remove(d.id)
            guard let computed = d.compute(without, eventDate: eventDate).numberValue, computed != stated else { continue }
            let name = event.question(d.id)?.field ?? d.description
            throw CounterError(.invalidInput,
                               ja: "「\(name.ja)」（\(Int(stated))）が生年月日から計算した値（\(Int(computed))）と一致しません。",
                               en: "\(name.en) (\(Int(stated))) does not match the value computed from the dates (\(Int(computed))).",
                               field: "facts.\(d.id)")
        }
    }

    private func item(for procedure: Procedure, entry: LifeEvent.Entry, evaluation: Evaluation, event: LifeEvent,
                      eventDate: CivilDate, facts: FactSet, today: CivilDate) -> ChecklistItem {
        let resolution = VariantResolution(procedure: procedure, facts: facts, eventDate: eventDate)
        let counter = catalog.counter(resolution.counter)!
        var deadlineDate: CivilDate?
        var approximate = false
        for deadline in resolution.deadlines {
            var anchor = eventDate
            if deadline.anchor != LifeEvent.eventDateFact {
                if let date = facts[deadline.anchor].dateValue { anchor = date } else { approximate = true }
            }
            let day = deadline.lastDay(from: anchor, calendar: calendar)
            deadlineDate = min(deadlineDate ?? day, day)
        }
        let unknown = evaluation.unknownFacts.map { UnknownFact(fact: $0, question: event.prompt(for: $0).ja) }
        let reason: String
        if evaluation.truth == .unknown {
            let questions = unknown.map { "「\($0.question)」" }.joined(separator: "、")
            reason = "\(questions)の回答が「わからない」または未回答のため、該当するか確認が必要です。該当する条件: \(entry.reason.ja)"
        } else {
            reason = entry.reason.ja
        }
        let bring = procedure.itemsToBring.compactMap { item -> BringItem? in
            let truth = item.when?.evaluate(facts).truth ?? .yes
            if truth == .no { return nil }
            return BringItem(name: item.name, note: item.note, conditional: truth == .unknown)
        }
        let channel: Channel.Kind = procedure.channels.contains { $0.kind == .online } ? .online
            : procedure.channels.contains { $0.kind == .counter } ? .counter : .post
        return ChecklistItem(
            id: procedure.id, name: procedure.name,
            counter: CounterSummary(counter), counterNote: resolution.counterNote(catalog),
            deadline: deadlineDate, deadlineDescription: resolution.deadlines.first?.description.ja,
            deadlineApproximate: approximate, deadlinePassed: deadlineDate.map { $0 < today } ?? false,
            itemsToBring: bring, channel: channel, channels: procedure.channels,
            status: evaluation.truth == .yes ? .required : .toCheck, reason: reason, unknownFacts: unknown,
            legalBasis: procedure.legalBasis, feeYen: procedure.fee.yen, notes: procedure.notes + resolution.notes)
    }
}

extension CounterSummary {
    init(_ counter: ServiceCounter) {
        self.init(id: counter.id, name: counter.name, department: counter.department, location: counter.location)
    }
}
