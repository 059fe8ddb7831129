import FluentKit
import Foundation
import MadoguchiCore

/// The plan's survey indicators, computed from the answers of the fiscal year's surveys: the share
/// of those answering a question linked to the indicator who chose a counted option, with n (those
/// who answered). A year with answers takes this figure over an entered 実績値; years before the
/// survey ran online keep what staff entered (`IndicatorDeclaration.sample`). The ids are the
/// ones the indicators module declared when these were entered by hand, kept so stored values and
/// the sheets' configuration still apply.
public enum SurveyIndicators {
    static let source = LocalizedText(ja: "市民意識調査（電子回答の集計）", en: "The resident survey (online answers)")

    static func declaration(_ id: String, _ ja: String, _ en: String, definition: LocalizedText) -> IndicatorDeclaration {
        IndicatorDeclaration(
            id: id, title: LocalizedText(ja: ja, en: en), unit: .percent, kind: .outcome, direction: .higherIsBetter,
            definition: definition, source: source,
            computation: .live({ municipalityID, year, db in
                let tally = try await tally(id, municipalityID: municipalityID, year: year, on: db)
                return .measure(tally.answered == 0 ? nil : SurveyResults.percent(tally.counted, tally.answered))
            }),
            sample: { municipalityID, year, db in try await tally(id, municipalityID: municipalityID, year: year, on: db).answered })
    }

    public static let all: [IndicatorDeclaration] = [
        declaration("indicators.survey_information_disclosed", "入手したい市政情報が十分に公開されていると思う市民の割合",
                    "Residents who think the information they want is sufficiently published",
                    definition: LocalizedText(ja: "「十分に公開されている」と回答した人数 ÷ 回答者数 × 100", en: "Answers 'sufficiently published' ÷ respondents × 100")),
        declaration("indicators.survey_privacy_protected", "個人情報の保護を的確に行っていると思う市民の割合",
                    "Residents who think the city protects personal information properly",
                    definition: LocalizedText(ja: "「的確に行っている」と回答した人数 ÷ 回答者数 × 100", en: "Answers 'properly' ÷ respondents × 100")),
    ]

    /// Over the fiscal year's surveys: how many answered the questions linked to `indicatorID` and
    /// how many of them chose a counted option.
    static func tally(_ indicatorID: String, municipalityID: UUID, year: FiscalYear, on db: any Database) async throws -> (answered: Int, counted: Int) {
        let surveys = try await Survey.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$fiscalYear == year.startYear).all()
        var answered = 0, counted = 0
        for survey in surveys {
            let questions = try survey.definition().questions.filter { $0.indicatorID == indicatorID }
            guard !questions.isEmpty else { continue }
            let responses = try await SurveyResponse.query(on: db).filter(\.$surveyID == survey.requireID()).field(\.$answersJSON).all()
            for response in responses {
                let answers = (try? JSONDecoder().decode([String: String].self, from: Data(response.answersJSON.utf8))) ?? [:]
                for q in questions {
                    guard let value = answers[q.id] else { continue }
                    answered += 1
                    if q.choices.contains(where: { $0.value == value && $0.counts }) { counted += 1 }
                }
            }
        }
        return (answered, counted)
    }
}
