import MadoguchiCore
import Surveys
import Vapor

/// The demo's 市民意識調査 for the current fiscal year: invitation codes for a sample of 400, 300
/// plausible anonymous answers (about 28% find the information they want sufficiently published,
/// about 33% think personal information is properly protected, as the seed's recent years), then
/// closed, so the indicators show the year's figure with n and 市の取組の成果 the protected
/// breakdowns. Answers go through the same code check residents use.
enum DemoSurvey {
    static let respondents = 300
    static let sample = 400

    static var draft: SurveyDraft {
        SurveyDraft(form: [
            "title_ja": "市民意識調査", "title_en": "Resident survey",
            "areas": "北・中 / North and Central\n東 / East\n西 / West\n富士見台・谷保 / Fujimidai and Yaho",
            "q1_text_ja": "市政について、あなたが入手したい情報は十分に公開されていると思いますか",
            "q1_text_en": "Is the information about the city that you want sufficiently published?",
            "q1_choices": "*十分に公開されている / Sufficiently published\nあまり公開されていない / Not much published\n公開されていない / Not published\nわからない / Don't know",
            "q1_indicator": "indicators.survey_information_disclosed",
            "q2_text_ja": "市は個人情報の保護を的確に行っていると思いますか",
            "q2_text_en": "Do you think the city protects personal information properly?",
            "q2_choices": "*的確に行っている / Properly\nあまり的確ではない / Not very properly\n的確ではない / Not properly\nわからない / Don't know",
            "q2_indicator": "indicators.survey_privacy_protected",
            "q3_text_ja": "市のホームページを月に1回以上見ますか", "q3_text_en": "Do you visit the city's website at least once a month?",
            "q3_choices": "*見る / Yes\n見ない / No",
        ])
    }

    static func load(app: Application, municipality: Municipality) async throws {
        let municipalityID = try municipality.requireID()
        var form = [String: String]()
        let year = municipality.fiscalYear(containing: CivilDate.today()).startYear
        var d = draft
        d.fiscalYear = String(year)
        let commands = SurveyCommands(audit: app.madoguchi.audit)
        let survey = try await commands.create(d, municipalityID: municipalityID, by: .system, on: app.db)
        let surveyID = try survey.requireID()
        let codes = try await commands.generateCodes(String(sample), surveyID: surveyID, municipalityID: municipalityID, by: .system, on: app.db)
        // A fixed sequence, so every demo start has the same answers.
        var state: UInt64 = 0x5EED_2026
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let ages = ["18-29", "30-39", "30-39", "40-49", "40-49", "50-59", "50-59", "60-69", "60-69", "70-", "70-", "70-", "none"]
        let areas = ["area-1", "area-1", "area-2", "area-2", "area-3", "area-4", "area-4", "none"]
        for code in codes.prefix(respondents) {
            form = ["age_band": ages[next(ages.count)], "area": areas[next(areas.count)]]
            // 28 in 100 「十分に公開されている」, 33 in 100 「的確に行っている」; a few skip a question.
            let q1 = next(100), q2 = next(100)
            if q1 < 97 { form["q1"] = q1 < 28 ? "1" : q1 < 70 ? "2" : q1 < 80 ? "3" : "4" }
            if q2 < 96 { form["q2"] = q2 < 33 ? "1" : q2 < 60 ? "2" : q2 < 70 ? "3" : "4" }
            form["q3"] = next(10) < 4 ? "1" : "2"
            try await SurveyAnswers.submit(surveyID: surveyID, municipalityID: municipalityID, code: code, values: form, on: app.db)
        }
        try await commands.setOpen(false, surveyID: surveyID, municipalityID: municipalityID, by: .system, on: app.db)
    }
}
