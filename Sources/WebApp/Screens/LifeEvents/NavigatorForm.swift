import Counter
import MadoguchiCore

/// The state of a resident's navigator, carried in the page itself (hidden fields), never stored on
/// the server and never put in the URL: `event_date`, one `fact.<id>` per earlier answer, `q` (the
/// screen the form came from), `answer` and `go` (`next`, `unknown`, `back`, `print`).
struct NavigatorForm {
    /// The pseudo question id of the first screen.
    static let eventDateScreen = "event_date"
    static let resultScreen = "result"
    static let factPrefix = "fact."

    enum Action: String { case next, unknown, back, print }

    var eventDate: CivilDate?
    var answers: FactSet
    let screen: String
    let rawAnswer: String
    let action: Action

    /// Reads the posted fields. Earlier answers are re-checked: a value that no longer parses (an
    /// edited page) is dropped, so the resident is simply asked again.
    init(fields: [String: String], navigator: Navigator, today: CivilDate) {
        eventDate = fields["event_date"].flatMap { CivilDate(iso: $0) }
        screen = fields["q"] ?? Self.eventDateScreen
        rawAnswer = fields["answer"] ?? ""
        action = Action(rawValue: fields["go"] ?? "next") ?? .next
        let dated = Navigator(event: navigator.event, eventDate: eventDate)
        var answers = FactSet()
        for question in navigator.event.questions {
            guard let raw = fields[Self.factPrefix + question.id],
                  let value = try? dated.parseAnswer(raw, for: question, today: today) else { continue }
            answers[question.id] = value
        }
        self.answers = answers
    }

    /// The hidden fields that carry the state to the next screen, leaving out the question shown on it.
    static func hiddenFields(eventDate: CivilDate?, answers: FactSet, except shown: String?) -> [(name: String, value: String)] {
        var fields: [(String, String)] = []
        if let eventDate { fields.append(("event_date", eventDate.description)) }
        for (id, value) in answers.values.sorted(by: { $0.key < $1.key }) where id != shown {
            fields.append((factPrefix + id, formValue(value)))
        }
        return fields
    }

    /// The form spelling of a value, as `Navigator.parseAnswer` reads it back.
    static func formValue(_ value: FactValue) -> String {
        switch value {
        case .bool(let b): return b ? "yes" : "no"
        default: return value.description
        }
    }
}
