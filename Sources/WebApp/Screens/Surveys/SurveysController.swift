import MadoguchiCore
import Surveys
import Vapor

/// `/{code}/surveys/{survey}`: the resident's anonymous survey page (answers and the mailed
/// invitation code in the POST body, never in the URL); a good answer is thanked on the same URL
/// (a reload re-sends the used code and is told so, nothing is stored twice).
struct SurveysController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let surveys = routes.grouped("surveys").grouped(CSRFMiddleware())
        surveys.get(":survey", use: form)
        surveys.post(":survey", use: answer)
    }

    func form(req: Request) async throws -> Response {
        let survey = try await find(req)
        return SurveysPage.form(survey, definition: try survey.definition(), values: [:], problems: [], context: req.pageContext(forms: true)).response()
    }

    func answer(req: Request) async throws -> Response {
        let survey = try await find(req)
        let posted = try req.postedFields()
        let values = posted.filter { $0.key != "_csrf" && $0.key != "code" }.mapValues { String($0.prefix(1000)) }
        do {
            try await SurveyAnswers.submit(surveyID: survey.requireID(), municipalityID: survey.municipalityID, code: posted["code"] ?? "",
                                           values: values, on: req.db)
        } catch let error as SurveysError where error.kind == .invalidInput || error == .codeUsed {
            // Everything chosen comes back as chosen (the code is not echoed).
            return SurveysPage.form(survey, definition: try survey.definition(), values: values, problems: error.problems,
                                    context: req.pageContext(forms: true)).response(status: .unprocessableEntity)
        }
        return SurveysPage.thanks(survey, context: req.pageContext()).response()
    }

    private func find(_ req: Request) async throws -> Survey {
        guard let id = req.parameters.get("survey").flatMap(UUID.init(uuidString:)),
              let survey = try await SurveyQueries.find(id, municipalityID: try req.municipality.requireID(), on: req.db) else {
            throw SurveysError.notFound
        }
        return survey
    }
}
