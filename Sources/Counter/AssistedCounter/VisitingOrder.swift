/// Orders the counters a resident must visit: by each counter's `visitOrder` (市民課 first, since
/// the other sections rely on the 住民票 change it records), outside offices last, and within a
/// counter the procedures in checklist (deadline) order.
public enum VisitingOrder {
    public static func visits(for items: [ChecklistItem], catalog: LifeEventCatalog) -> [CounterVisit] {
        var byCounter: [String: [String]] = [:]
        var firstSeen: [String] = []
        for item in items {
            if byCounter[item.counter.id] == nil { firstSeen.append(item.counter.id) }
            byCounter[item.counter.id, default: []].append(item.id)
        }
        let sorted = firstSeen.enumerated().sorted { a, b in
            let ca = catalog.counter(a.element), cb = catalog.counter(b.element)
            let ka = (ca?.external ?? true, ca?.visitOrder ?? Int.max, a.offset)
            let kb = (cb?.external ?? true, cb?.visitOrder ?? Int.max, b.offset)
            return (ka.0 ? 1 : 0, ka.1, ka.2) < (kb.0 ? 1 : 0, kb.1, kb.2)
        }
        return sorted.enumerated().compactMap { index, pair in
            guard let counter = catalog.counter(pair.element) else { return nil }
            return CounterVisit(order: index + 1, counter: CounterSummary(counter), external: counter.external,
                                procedureIDs: byCounter[pair.element] ?? [])
        }
    }
}
