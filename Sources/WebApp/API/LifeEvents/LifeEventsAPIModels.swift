import Counter
import MadoguchiCore

/// `GET /api/v1/life-events`.
struct LifeEventList: Encodable {
    let lifeEvents: [LifeEventSummary]
    enum CodingKeys: String, CodingKey { case lifeEvents = "life_events" }
}

/// One life event and the facts its checklist reads.
struct LifeEventSummary: Encodable {
    let id: String
    let name: LocalizedText
    let eventDate: LocalizedText
    let checklistURL: String
    let facts: [FactSummary]

    enum CodingKeys: String, CodingKey { case id, name, eventDate = "event_date", checklistURL = "checklist_url", facts }

    init(_ event: LifeEvent, base: String) {
        id = event.id
        name = event.name
        eventDate = event.eventDate.label
        checklistURL = "\(base)/api/v1/life-events/\(event.id)/checklist"
        facts = event.questions.map(FactSummary.init) + event.derivedFacts.map(FactSummary.init)
    }
}

/// A fact id: a question's answer, or a fact derived from other facts (which may also be given directly).
struct FactSummary: Encodable {
    let id: String
    let type: String
    let question: LocalizedText?
    let description: LocalizedText?
    let choices: [String]?
    let allowsUnknown: Bool
    let minimum: Double?
    let maximum: Double?
    let derivedFrom: [String]?

    enum CodingKeys: String, CodingKey {
        case id, type, question, description, choices, allowsUnknown = "allows_unknown", minimum, maximum
        case derivedFrom = "derived_from"
    }

    init(_ q: Question) {
        id = q.id
        type = q.type.rawValue
        question = q.text
        description = q.help
        choices = q.type == .choice ? q.choices.map(\.value) : nil
        allowsUnknown = q.allowsUnknown
        minimum = q.minimum
        maximum = q.maximum
        derivedFrom = nil
    }

    init(_ d: DerivedFact) {
        id = d.id
        type = "number"
        question = nil
        description = d.description
        choices = nil
        allowsUnknown = true
        minimum = 0
        maximum = nil
        derivedFrom = [d.from, d.to]
    }
}

/// The error body: `{"error": {"kind", "message", "message_en", "field", "problems": [{field, message, message_en}]}}`.
struct LifeEventsAPIError: Encodable {
    struct Body: Encodable {
        let kind: String
        let message: String
        let messageEn: String
        let field: String?
        let problems: [Problem]
        enum CodingKeys: String, CodingKey { case kind, message, messageEn = "message_en", field, problems }
    }

    struct Problem: Encodable {
        let field: String
        let message: String
        let messageEn: String
        enum CodingKeys: String, CodingKey { case field, message, messageEn = "message_en" }
    }

    let error: Body

    init(_ e: CounterError) {
        error = Body(kind: e.kind.rawValue, message: e.message.ja, messageEn: e.message.en, field: e.field,
                     problems: e.problems.map { Problem(field: $0.field, message: $0.message.ja, messageEn: $0.message.en) })
    }
}
