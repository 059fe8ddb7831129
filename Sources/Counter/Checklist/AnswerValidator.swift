import MadoguchiCore

/// Rejects impossible answers with a Japanese message naming the field: a death before the birth,
/// a negative count, an event date far in the future, a fact id the event does not know.
public enum AnswerValidator {
    /// Checks every fact and the event date; throws all problems at once.
    public static func validate(event: LifeEvent, eventDate: CivilDate, facts: FactSet, today: CivilDate) throws(CounterError) {
        var problems: [FieldProblem] = []
        problems += eventDateProblems(event: event, eventDate: eventDate, today: today)
        for (id, value) in facts.values.sorted(by: { $0.key < $1.key }) {
            guard let question = event.question(id) else {
                if event.derivedFacts.contains(where: { $0.id == id }) { continue }
                problems.append(FieldProblem(field: "facts.\(id)", message: LocalizedText(
                    ja: "「\(id)」はこの手続案内では使わない項目です。", en: "\"\(id)\" is not a fact of life event \"\(event.id)\".")))
                continue
            }
            if let problem = problem(with: value, for: question, eventDate: eventDate, eventDateLabel: event.eventDate.label, today: today) {
                problems.append(FieldProblem(field: "facts.\(id)", message: problem))
            }
        }
        if !problems.isEmpty { throw CounterError(problems: problems) }
    }

    /// Checks the event date alone, for the first screen of the resident flow.
    public static func validateEventDate(_ eventDate: CivilDate, for event: LifeEvent, today: CivilDate) throws(CounterError) {
        let problems = eventDateProblems(event: event, eventDate: eventDate, today: today)
        if !problems.isEmpty { throw CounterError(problems: problems) }
    }

    static func eventDateProblems(event: LifeEvent, eventDate: CivilDate, today: CivilDate) -> [FieldProblem] {
        let label = event.eventDate.label
        if eventDate > today.adding(days: event.eventDate.maxDaysAhead) {
            let ja = event.eventDate.maxDaysAhead == 0 ? "「\(label.ja)」に未来の日付は入力できません。"
                : "「\(label.ja)」は今日から\(event.eventDate.maxDaysAhead)日以内の日付を入力してください。"
            return [FieldProblem(field: "event_date", message: LocalizedText(ja: ja, en: "\(label.en) is too far in the future."))]
        }
        if eventDate < today.adding(days: -event.eventDate.maxDaysBack) {
            return [FieldProblem(field: "event_date", message: LocalizedText(
                ja: "「\(label.ja)」が古すぎます。窓口にご相談ください。", en: "\(label.en) is too far in the past; please ask at the counter."))]
        }
        return []
    }

    /// What is wrong with one answer, or nil. Used for the API and for each screen of the navigator.
    public static func problem(with value: FactValue, for q: Question, eventDate: CivilDate?, eventDateLabel: LocalizedText? = nil,
                               today: CivilDate) -> LocalizedText? {
        let name = q.field
        switch (value, q.type) {
        case (.unknown, _):
            return q.allowsUnknown ? nil : LocalizedText(ja: "「\(name.ja)」を入力してください。", en: "\(name.en) is required.")
        case (.bool, .boolean):
            return nil
        case (.choice(let c), .choice):
            return q.choices.contains { $0.value == c } ? nil : LocalizedText(
                ja: "「\(name.ja)」の選択肢にない値です（\(c)）。", en: "\(name.en): \"\(c)\" is not one of the choices.")
        case (.number(let n), .number):
            if n < 0 { return LocalizedText(ja: "「\(name.ja)」に負の数は入力できません。", en: "\(name.en) cannot be negative.") }
            if q.integer && n != n.rounded() { return LocalizedText(ja: "「\(name.ja)」は整数で入力してください。", en: "\(name.en) must be a whole number.") }
            if let min = q.minimum, n < min { return LocalizedText(ja: "「\(name.ja)」は\(Int(min))以上で入力してください。", en: "\(name.en) must be at least \(Int(min)).") }
            if let max = q.maximum, n > max { return LocalizedText(ja: "「\(name.ja)」は\(Int(max))以下で入力してください。", en: "\(name.en) must be at most \(Int(max)).") }
            return nil
        case (.date(let d), .date):
            if d > today { return LocalizedText(ja: "「\(name.ja)」に未来の日付は入力できません。", en: "\(name.en) cannot be in the future.") }
            if q.notAfterEventDate, let eventDate, d > eventDate {
                let when = eventDateLabel.map { "「\($0.ja)」（\(eventDate)）" } ?? "手続のきっかけとなった日（\(eventDate)）"
                return LocalizedText(ja: "「\(name.ja)」が\(when)より後になっています。日付をご確認ください。",
                                     en: "\(name.en) is after the \(eventDateLabel?.en ?? "event date"); please check the dates.")
            }
            if d.year < 1890 { return LocalizedText(ja: "「\(name.ja)」の年が古すぎます。", en: "\(name.en) is too far in the past.") }
            return nil
        default:
            return LocalizedText(ja: "「\(name.ja)」の形式が正しくありません（\(expected(q.type))で入力してください）。",
                                 en: "\(name.en) has the wrong type (expected \(q.type.rawValue)).")
        }
    }

    private static func expected(_ kind: Question.Kind) -> String {
        switch kind {
        case .boolean: return "はい／いいえ／わからない"
        case .choice: return "選択肢"
        case .number: return "数値"
        case .date: return "YYYY-MM-DD形式の日付"
        }
    }
}
