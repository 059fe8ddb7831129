import MadoguchiCore

/// Drives the resident's one-question-per-screen flow. Stateless: the page keeps the answers (the
/// lead stores them encrypted in the session), and every call recomputes what to ask from them, so
/// the back button can never leave the flow inconsistent.
public struct Navigator: Sendable {
    public let event: LifeEvent
    public let eventDate: CivilDate?

    public init(event: LifeEvent, eventDate: CivilDate?) {
        self.event = event
        self.eventDate = eventDate
    }

    /// Whether a question is shown given earlier answers. An unknown show-condition shows it: a
    /// resident who does not know an earlier answer may still know this one.
    public func isShown(_ question: Question, answers: FactSet) -> Bool {
        guard let showIf = question.showIf else { return true }
        return showIf.evaluate(event.withDerivedFacts(answers, eventDate: eventDate)).truth != .no
    }

    /// The questions shown for these answers, in order. Show-conditions only read earlier
    /// questions (checked at load), so one pass in order is exact.
    public func visibleQuestions(answers: FactSet) -> [Question] {
        let kept = effectiveAnswers(answers)
        return event.questions.filter { isShown($0, answers: kept) }
    }

    /// The next screen: the first shown question not yet answered, or nil when the checklist is ready.
    public func nextQuestion(after answers: FactSet) -> Question? {
        let kept = effectiveAnswers(answers)
        return visibleQuestions(answers: kept).first { !kept.isAnswered($0.id) }
    }

    /// Where the back button goes from `questionID` (or from the result page when nil). Answers are
    /// kept, so going forward again shows them pre-selected.
    public func previousQuestion(before questionID: String?, answers: FactSet) -> Question? {
        let visible = visibleQuestions(answers: answers)
        guard let questionID else { return visible.last }
        guard let index = visible.firstIndex(where: { $0.id == questionID }) else { return visible.last }
        return index > 0 ? visible[index - 1] : nil
    }

    /// The answers with those to now-hidden questions dropped, so a changed earlier answer cannot
    /// leave a stale follow-up answer steering the checklist.
    public func effectiveAnswers(_ answers: FactSet) -> FactSet {
        var kept = FactSet()
        for q in event.questions where answers.isAnswered(q.id) {
            kept[q.id] = answers[q.id]
        }
        var result = FactSet()
        for q in event.questions where kept.isAnswered(q.id) && isShown(q, answers: result) {
            result[q.id] = kept[q.id]
        }
        return result
    }

    /// Progress for the screen header (「3 / 9」): answered shown questions over shown questions.
    public func progress(answers: FactSet) -> (answered: Int, total: Int) {
        let kept = effectiveAnswers(answers)
        let visible = visibleQuestions(answers: kept)
        return (visible.filter { kept.isAnswered($0.id) }.count, visible.count)
    }

    /// Reads one screen's form input: `yes`/`no`/`unknown` (はい／いいえ／わからない), a number,
    /// a date (`YYYY-MM-DD` or 和暦), or a choice value. Throws a message naming the field.
    public func parseAnswer(_ raw: String, for question: Question, today: CivilDate) throws(CounterError) -> FactValue {
        let text = JapaneseText.halfWidthDigits(raw.trimmingCharacters(in: .whitespaces))
        let value: FactValue
        if ["", "unknown", "わからない"].contains(text) {
            value = .unknown
        } else {
            switch question.type {
            case .boolean:
                switch text.lowercased() {
                case "yes", "true", "はい": value = .bool(true)
                case "no", "false", "いいえ": value = .bool(false)
                default: value = .choice(text)
                }
            case .number: value = Double(text).map(FactValue.number) ?? .choice(text)
            case .date:
                value = CivilDate(typed: text).map(FactValue.date) ?? .choice(text)
            case .choice: value = .choice(text)
            }
        }
        if let problem = AnswerValidator.problem(with: value, for: question, eventDate: eventDate,
                                                  eventDateLabel: event.eventDate.label, today: today) {
            throw CounterError(.invalidInput, ja: problem.ja, en: problem.en, field: question.id)
        }
        return value
    }
}

import Foundation
