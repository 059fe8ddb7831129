import MadoguchiCore

/// The fact ids each life event accepts, generated from the rules so API documentation cannot
/// drift from them.
public struct FactDocumentation: Sendable, Hashable, Codable {
    public let event: String
    public let id: String
    public let type: String
    public let question: String
    public let choices: [String]
    public let derived: Bool

    public static func all(in catalog: LifeEventCatalog) -> [FactDocumentation] {
        catalog.lifeEvents.flatMap { event in
            event.questions.map { q in
                FactDocumentation(event: event.id, id: q.id, type: q.type.rawValue, question: q.text.ja,
                                  choices: q.choices.map(\.value), derived: false)
            } + event.derivedFacts.filter { event.question($0.id) == nil }.map { d in
                FactDocumentation(event: event.id, id: d.id, type: "number", question: d.description.ja, choices: [], derived: true)
            }
        }
    }

    /// A Markdown table for the API reference.
    public static func markdown(in catalog: LifeEventCatalog) -> String {
        var out = ""
        for event in catalog.lifeEvents {
            out += "### \(event.id) — \(event.name.ja)\n\n| id | type | question |\n|---|---|---|\n"
            for doc in all(in: catalog) where doc.event == event.id {
                let type = doc.choices.isEmpty ? doc.type : "choice (\(doc.choices.joined(separator: ", ")))"
                out += "| `\(doc.id)` | \(type)\(doc.derived ? " (derived if absent)" : "") | \(doc.question) |\n"
            }
            out += "\n"
        }
        return out
    }
}
