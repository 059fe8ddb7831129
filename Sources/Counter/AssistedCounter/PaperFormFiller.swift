import MadoguchiCore

/// A paper form with its values filled in, ready for the lead to render as HTML and print.
public struct FilledForm: Sendable, Hashable, Codable {
    public let procedureID: String
    public let title: String
    public let fields: [FilledField]

    public struct FilledField: Sendable, Hashable, Codable {
        public let id: String
        public let label: String
        /// Nil when the field is left for the counter to write by hand.
        public let value: String?
    }

    enum CodingKeys: String, CodingKey { case procedureID = "procedure_id", title, fields }
}

/// Fills every paper form of a checklist from the basic four items, the event date and the
/// answers, so the resident is asked nothing twice. Dates print in 和暦, as on the city's forms.
public enum PaperFormFiller {
    /// The forms of the checklist's procedures. 要確認 items are left out unless asked for: at the
    /// counter, staff settle the open question with the resident first.
    public static func forms(for checklist: Checklist, catalog: LifeEventCatalog, resident: BasicFourItems,
                             facts: FactSet, includeToCheck: Bool = false) -> [FilledForm] {
        checklist.procedures.filter { includeToCheck || $0.status == .required }.compactMap { item in
            guard let procedure = catalog.procedure(item.id), let form = procedure.paperForm else { return nil }
            return fill(form, procedureID: procedure.id, resident: resident, eventDate: checklist.eventDate, facts: facts)
        }
    }

    public static func fill(_ form: PaperForm, procedureID: String, resident: BasicFourItems, eventDate: CivilDate,
                            facts: FactSet) -> FilledForm {
        FilledForm(procedureID: procedureID, title: form.title, fields: form.fields.map { field in
            FilledForm.FilledField(id: field.id, label: field.label,
                                   value: value(field.prefill, resident: resident, eventDate: eventDate, facts: facts))
        })
    }

    static func value(_ source: String, resident: BasicFourItems, eventDate: CivilDate, facts: FactSet) -> String? {
        switch source {
        case "resident.name": return resident.name
        case "resident.address": return resident.address
        case "resident.birth_date": return Wareki.format(resident.birthDate)
        case "resident.sex": return resident.sex
        case "event_date": return Wareki.format(eventDate)
        case let s where s.hasPrefix("fact:"):
            switch facts[String(s.dropFirst(5))] {
            case .unknown: return nil
            case .bool(let b): return b ? "はい" : "いいえ"
            case .date(let d): return Wareki.format(d)
            case let other: return other.description
            }
        default: return nil
        }
    }

    /// The prefill sources the filler understands, for rule-file validation.
    static func isKnownSource(_ source: String) -> Bool {
        ["resident.name", "resident.address", "resident.birth_date", "resident.sex", "event_date", "blank"].contains(source)
            || source.hasPrefix("fact:")
    }
}
