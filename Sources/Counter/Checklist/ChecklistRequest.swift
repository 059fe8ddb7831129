import Foundation
import MadoguchiCore

/// The body of `POST /api/v1/life-events/{event}/checklist`:
/// `{"event_date": "YYYY-MM-DD", "facts": {…}}`. Decoding here, rather than with a generic
/// decoder at the HTTP edge, lets a malformed body come back as a Japanese message naming the field.
public struct ChecklistRequest: Sendable, Hashable {
    public let eventDate: CivilDate
    public let facts: FactSet

    public init(eventDate: CivilDate, facts: FactSet) {
        self.eventDate = eventDate
        self.facts = facts
    }

    public static func decode(from body: Data) throws(CounterError) -> ChecklistRequest {
        let raw: Body
        do {
            raw = try JSONDecoder().decode(Body.self, from: body)
        } catch let DecodingError.typeMismatch(_, context) {
            throw badValue(at: context.codingPath)
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw badValue(at: context.codingPath)
        } catch {
            throw CounterError(.invalidInput, ja: "リクエストの本文がJSONオブジェクトではありません。",
                               en: "The request body is not a JSON object.")
        }
        guard let text = raw.eventDate else {
            throw CounterError(.invalidInput, ja: "「event_date」（手続のきっかけとなった日）を入力してください。",
                               en: "event_date is required.", field: "event_date")
        }
        guard let eventDate = CivilDate(iso: text) else {
            throw CounterError(.invalidInput, ja: "「event_date」はYYYY-MM-DD形式の実在する日付で入力してください（\(text)）。",
                               en: "event_date must be a real date as YYYY-MM-DD.", field: "event_date")
        }
        return ChecklistRequest(eventDate: eventDate, facts: raw.facts ?? FactSet())
    }

    private static func badValue(at path: [CodingKey]) -> CounterError {
        let field = path.map(\.stringValue).joined(separator: ".")
        return CounterError(.invalidInput, ja: "「\(field)」の値の形式が正しくありません。",
                            en: "\(field) has an unsupported value.", field: field)
    }

    private struct Body: Decodable {
        let eventDate: String?
        let facts: FactSet?
        enum CodingKeys: String, CodingKey { case eventDate = "event_date", facts }
    }
}
