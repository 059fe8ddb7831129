import Forms
import Foundation
import MadoguchiCore

/// What a survey asks: the areas a resident may say they live in and the questions, each a choice
/// among options; the options that count toward an indicator are marked.
public struct SurveyDefinition: Codable, Sendable, Hashable {
    public let areas: [LocalizedText]
    public let questions: [SurveyQuestion]

    public init(areas: [LocalizedText], questions: [SurveyQuestion]) {
        self.areas = areas
        self.questions = questions
    }

    /// The age bands every survey asks (年齢区分); `none` is 「答えない」.
    public static let ageBands: [(value: String, label: LocalizedText)] = [
        ("18-29", LocalizedText(ja: "18〜29歳", en: "18–29")), ("30-39", LocalizedText(ja: "30〜39歳", en: "30–39")),
        ("40-49", LocalizedText(ja: "40〜49歳", en: "40–49")), ("50-59", LocalizedText(ja: "50〜59歳", en: "50–59")),
        ("60-69", LocalizedText(ja: "60〜69歳", en: "60–69")), ("70-", LocalizedText(ja: "70歳以上", en: "70 and over")),
    ]
    static let undisclosed = LocalizedText(ja: "答えない", en: "Prefer not to say")

    /// The value a resident sends for the `index`th area (`area-1` …).
    public static func areaValue(_ index: Int) -> String { "area-\(index + 1)" }

    /// The survey as one step of an online form: age band and area (each with 「答えない」), then
    /// the questions, all choice fields; the forms' validator checks an answer against it.
    public func formStep() throws -> FormStep {
        func choice(_ value: String, _ label: LocalizedText) -> [String: Any] {
            ["value": value, "label": ["ja": label.ja, "en": label.en]]
        }
        var fields: [[String: Any]] = [
            ["id": "age_band", "type": "choice", "required": true, "label": ["ja": "年齢", "en": "Age"],
             "choices": Self.ageBands.map { choice($0.value, $0.label) } + [choice("none", Self.undisclosed)]],
            ["id": "area", "type": "choice", "required": true, "label": ["ja": "お住まいの地区", "en": "Area you live in"],
             "choices": areas.enumerated().map { choice(Self.areaValue($0.offset), $0.element) } + [choice("none", Self.undisclosed)]],
        ]
        for question in questions {
            fields.append(["id": question.id, "type": "choice", "required": false, "label": ["ja": question.text.ja, "en": question.text.en],
                           "choices": question.choices.map { choice($0.value, $0.label) }])
        }
        let step: [String: Any] = ["id": "survey", "title": ["ja": "市民意識調査", "en": "Resident survey"], "fields": fields]
        return try JSONDecoder().decode(FormStep.self, from: JSONSerialization.data(withJSONObject: step))
    }

    /// The label of an area value, or 「答えない」.
    public func areaLabel(_ value: String) -> LocalizedText {
        areas.indices.first { Self.areaValue($0) == value }.map { areas[$0] } ?? Self.undisclosed
    }
}

/// One question: its text, its options, and the indicator it measures (if any).
public struct SurveyQuestion: Codable, Sendable, Hashable {
    public let id: String
    public let text: LocalizedText
    public let choices: [SurveyChoice]
    /// The plan's indicator this question measures: the share of those answering who chose a
    /// `counts` option.
    public let indicatorID: String?

    public init(id: String, text: LocalizedText, choices: [SurveyChoice], indicatorID: String?) {
        self.id = id
        self.text = text
        self.choices = choices
        self.indicatorID = indicatorID
    }

    /// Whether the question has options counted toward a share (what breakdowns show).
    public var hasCountedChoices: Bool { choices.contains(where: \.counts) }
}

public struct SurveyChoice: Codable, Sendable, Hashable {
    public let value: String
    public let label: LocalizedText
    /// Counted toward the question's share (「そう思う」「どちらかといえばそう思う」).
    public let counts: Bool

    public init(value: String, label: LocalizedText, counts: Bool) {
        self.value = value
        self.label = label
        self.counts = counts
    }
}
