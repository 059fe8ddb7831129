import Foundation
import MadoguchiCore

/// What staff type to create a survey, as sent by the form: checked whole, every problem named by
/// its field, so nothing typed is lost on a bad submit.
public struct SurveyDraft: Sendable, Equatable {
    public static let maxQuestions = 10, maxChoices = 10, maxAreas = 20, maxTitle = 200, maxText = 200

    public struct Question: Sendable, Equatable {
        public var textJA = "", textEN = "", choices = "", indicator = ""
        public init(textJA: String = "", textEN: String = "", choices: String = "", indicator: String = "") {
            self.textJA = textJA; self.textEN = textEN; self.choices = choices; self.indicator = indicator
        }
        var isBlank: Bool { [textJA, textEN, choices, indicator].allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
    }

    public var titleJA = "", titleEN = "", fiscalYear = "", areas = ""
    public var questions: [Question] = Array(repeating: Question(), count: maxQuestions)

    public init() {}

    /// `form` as posted: title_ja, title_en, fiscal_year, areas, and q1_text_ja … q10_indicator.
    public init(form: [String: String]) {
        titleJA = form["title_ja"] ?? ""
        titleEN = form["title_en"] ?? ""
        fiscalYear = form["fiscal_year"] ?? ""
        areas = form["areas"] ?? ""
        questions = (1...Self.maxQuestions).map { i in
            Question(textJA: form["q\(i)_text_ja"] ?? "", textEN: form["q\(i)_text_en"] ?? "",
                     choices: form["q\(i)_choices"] ?? "", indicator: form["q\(i)_indicator"] ?? "")
        }
    }

    /// One line per option: `日本語 / English`; a leading `*` counts the option toward the share.
    /// Areas are one per line the same way (without `*`).
    public func validated(indicators: Set<String>) throws -> (year: Int, title: LocalizedText, definition: SurveyDefinition) {
        var problems: [FieldProblem] = []
        func problem(_ field: String, _ ja: String, _ en: String) { problems.append(FieldProblem(field: field, message: LocalizedText(ja: ja, en: en))) }
        let titleJA = self.titleJA.trimmingCharacters(in: .whitespacesAndNewlines), titleEN = self.titleEN.trimmingCharacters(in: .whitespacesAndNewlines)
        if titleJA.isEmpty || titleJA.count > Self.maxTitle { problem("title_ja", "調査名（日本語）を\(Self.maxTitle)文字以内で入力してください", "Enter the title (Japanese), at most \(Self.maxTitle) characters") }
        if titleEN.count > Self.maxTitle { problem("title_en", "調査名（英語）は\(Self.maxTitle)文字以内です", "The English title is at most \(Self.maxTitle) characters") }
        let yearText = JapaneseText.halfWidthDigits(fiscalYear.trimmingCharacters(in: .whitespaces))
        let year = yearText.count == 4 ? Int(yearText) : nil
        if year == nil || !(1989...2100).contains(year!) { problem("fiscal_year", "年度を西暦4桁（1989〜2100）で入力してください（例：2026）", "Enter the fiscal year as 4 digits, 1989–2100") }
        let areaLines = Self.lines(areas)
        if areaLines.count > Self.maxAreas || areaLines.contains(where: { $0.count > Self.maxText }) {
            problem("areas", "地区は\(Self.maxAreas)行まで、1行\(Self.maxText)文字以内です", "Up to \(Self.maxAreas) areas of \(Self.maxText) characters")
        }
        var questions: [SurveyQuestion] = []
        for (index, q) in self.questions.enumerated() where !q.isBlank {
            let n = index + 1
            let textJA = q.textJA.trimmingCharacters(in: .whitespacesAndNewlines)
            if textJA.isEmpty || textJA.count > Self.maxText { problem("q\(n)_text_ja", "設問\(n)の文（日本語）を\(Self.maxText)文字以内で入力してください", "Enter question \(n) (Japanese), at most \(Self.maxText) characters") }
            if q.textEN.count > Self.maxText { problem("q\(n)_text_en", "設問\(n)の文（英語）は\(Self.maxText)文字以内です", "Question \(n) in English is at most \(Self.maxText) characters") }
            let lines = Self.lines(q.choices)
            if lines.count < 2 || lines.count > Self.maxChoices || lines.contains(where: { $0.count > Self.maxText }) {
                problem("q\(n)_choices", "設問\(n)の選択肢を2〜\(Self.maxChoices)行で入力してください（1行\(Self.maxText)文字以内）", "Question \(n) needs 2–\(Self.maxChoices) options, one per line")
            }
            let indicator = q.indicator.trimmingCharacters(in: .whitespaces)
            if !indicator.isEmpty && !indicators.contains(indicator) { problem("q\(n)_indicator", "設問\(n)の指標は一覧から選んでください", "Choose question \(n)'s indicator from the list") }
            let choices = lines.enumerated().map { i, line in
                let counts = line.hasPrefix("*") || line.hasPrefix("＊")
                return SurveyChoice(value: String(i + 1), label: Self.localized(counts ? String(line.dropFirst()) : line), counts: counts)
            }
            if !indicator.isEmpty && !choices.contains(where: \.counts) {
                problem("q\(n)_choices", "設問\(n)は指標に使うため、数える選択肢の行頭に * を付けてください", "Question \(n) feeds an indicator: mark the counted options with *")
            }
            questions.append(SurveyQuestion(id: "q\(n)", text: LocalizedText(ja: textJA, en: q.textEN.isEmpty ? textJA : q.textEN),
                                            choices: choices, indicatorID: indicator.isEmpty ? nil : indicator))
        }
        if questions.isEmpty { problem("q1_text_ja", "設問を1つ以上入力してください", "Enter at least one question") }
        guard problems.isEmpty, let year else { throw SurveysError(problems: problems) }
        return (year, LocalizedText(ja: titleJA, en: titleEN.isEmpty ? titleJA : titleEN),
                SurveyDefinition(areas: areaLines.map(Self.localized), questions: questions))
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `日本語 / English` (the English part optional).
    static func localized(_ line: String) -> LocalizedText {
        let parts = line.components(separatedBy: " / ")
        let ja = parts[0].trimmingCharacters(in: .whitespaces)
        let en = parts.count > 1 ? parts[1...].joined(separator: " / ").trimmingCharacters(in: .whitespaces) : ja
        return LocalizedText(ja: ja, en: en.isEmpty ? ja : en)
    }
}
