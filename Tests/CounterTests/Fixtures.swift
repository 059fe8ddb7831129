import Foundation
import MadoguchiCore
@testable import Counter

/// The shipped catalog, loaded once for all tests (loading validates every rule file).
let shippedCatalog: LifeEventCatalog = {
    do { return try LifeEventCatalog.load() } catch { fatalError("shipped rules invalid: \(error)") }
}()

func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

/// A fixed "today" so deadline and future-date checks are reproducible.
let fixedToday = date("2026-11-22")

func checklist(_ event: String, on eventDate: String, _ facts: FactSet, today: CivilDate = fixedToday) throws -> Checklist {
    try ChecklistBuilder(catalog: shippedCatalog).checklist(event: event, eventDate: date(eventDate), facts: facts, today: today)
}

extension Checklist {
    var ids: Set<String> { Set(procedures.map(\.id)) }
    func status(_ id: String) -> ChecklistStatus? { item(id)?.status }
}
