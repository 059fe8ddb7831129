import FluentKit
import Forms
import Foundation
import MadoguchiCore
import SQLKit

/// A resident's answer to an open survey with a mailed invitation code: the answers are checked
/// by the forms' validator first (a bad answer does not use up the code), then one transaction
/// marks the code used — a conditional `UPDATE … WHERE used = false RETURNING`, so of two
/// requests with one code exactly one succeeds on either engine — and stores the answers with
/// nothing that names the code.
public enum SurveyAnswers {
    public static func submit(surveyID: UUID, municipalityID: UUID, code: String, values: [String: String],
                              today: CivilDate = .today(), on db: any Database) async throws {
        guard let survey = try await SurveyQueries.find(surveyID, municipalityID: municipalityID, on: db) else { throw SurveysError.notFound }
        guard survey.isOpen else { throw SurveysError.closed }
        let step = try survey.definition().formStep()
        let known = Set(step.fields.map(\.id))
        let outcome = FormStepValidator.validate(step, input: values.filter { known.contains($0.key) }, earlier: [:], today: today)
        guard outcome.problems.isEmpty else { throw SurveysError(problems: outcome.problems) }
        guard let hash = InvitationCode.hash(code) else { throw SurveysError.codeUnknown }
        let answers = outcome.values.filter { $0.key != "age_band" && $0.key != "area" }
        let response = SurveyResponse()
        response.surveyID = surveyID
        response.ageBand = outcome.values["age_band"] ?? "none"
        response.area = outcome.values["area"] ?? "none"
        response.answersJSON = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        try await db.transaction { tx in
            let claimed = try await tx.sql(for: "using an invitation code").raw("""
                UPDATE \(ident: SurveyInvitation.schema) SET used = \(bind: true) \
                WHERE code_hash = \(bind: hash) AND survey_id = \(bind: surveyID) AND used = \(bind: false) RETURNING id
                """).all()
            guard claimed.count == 1 else {
                let exists = try await SurveyInvitation.query(on: tx).filter(\.$codeHash == hash).filter(\.$surveyID == surveyID).count() > 0
                throw exists ? SurveysError.codeUsed : SurveysError.codeUnknown
            }
            try await response.create(on: tx)
        }
    }
}
