import MadoguchiCore
import Surveys
import Vapor

/// `/{code}/staff/surveys`: 市民意識調査 — the list, creating a survey from questions, and per
/// survey its results (the protected tables the public sees), the invitation codes as a CSV to
/// print, and opening or closing it.
struct StaffSurveysController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "surveys", requiring: SurveysPermission.view, use: list)
        routes.on(.GET, "surveys", "new", requiring: SurveysPermission.manage, use: new)
        routes.on(.POST, "surveys", requiring: SurveysPermission.manage, use: create)
        routes.on(.GET, "surveys", ":survey", requiring: SurveysPermission.view, use: show)
        routes.on(.POST, "surveys", ":survey", "codes", requiring: SurveysPermission.manage, use: codes)
        routes.on(.POST, "surveys", ":survey", "state", requiring: SurveysPermission.manage, use: state)
    }

    func list(req: Request) async throws -> Response {
        let surveys = try await SurveyQueries.list(municipalityID: try req.municipality.requireID(), on: req.db)
        return StaffSurveysPage.list(surveys, canManage: try canManage(req), context: req.pageContext()).response()
    }

    func new(req: Request) async throws -> Response {
        StaffSurveysPage.new(SurveyDraft(), problems: [], context: req.pageContext()).response()
    }

    /// A bad survey comes back with every typed value and each problem on its field.
    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let form = try req.postedFields().mapValues { String($0.prefix(5000)) }
        let draft = SurveyDraft(form: form)
        do {
            let survey = try await SurveyCommands(audit: req.madoguchi.audit)
                .create(draft, municipalityID: municipality.requireID(), by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/surveys/\(try survey.requireID().uuidString.lowercased())")
        } catch let error as SurveysError where error.kind == .invalidInput {
            return StaffSurveysPage.new(draft, problems: error.problems, context: req.pageContext()).response(status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let survey = try await find(req)
        return try await render(req, survey, problems: [])
    }

    /// The new codes as a CSV download, shown this once; only their hashes are kept.
    func codes(req: Request) async throws -> Response {
        let survey = try await find(req)
        let count = try req.postedFields()["count"] ?? ""
        let codes: [String]
        do {
            codes = try await SurveyCommands(audit: req.madoguchi.audit)
                .generateCodes(count, surveyID: survey.requireID(), municipalityID: survey.municipalityID,
                               by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as SurveysError where error.kind == .invalidInput {
            return try await render(req, survey, problems: error.problems, status: .unprocessableEntity)
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "survey-codes-\(survey.fiscalYear).csv")
        return Response(status: .ok, headers: headers, body: .init(string: SurveyCommands.csv(codes)))
    }

    func state(req: Request) async throws -> Response {
        let survey = try await find(req)
        let open = try req.postedFields()["open"] == "true"
        try await SurveyCommands(audit: req.madoguchi.audit)
            .setOpen(open, surveyID: survey.requireID(), municipalityID: survey.municipalityID,
                     by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        return req.redirect(to: "/\(try req.municipality.code)/staff/surveys/\(try survey.requireID().uuidString.lowercased())")
    }

    private func render(_ req: Request, _ survey: Survey, problems: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let results = try await SurveyResults.load(survey, on: req.db)
        let counts = try await SurveyQueries.codeCounts(surveyID: survey.requireID(), on: req.db)
        return StaffSurveysPage.detail(survey, results: results, codes: counts, canManage: try canManage(req), problems: problems,
                                       context: req.pageContext()).response(status: status)
    }

    private func canManage(_ req: Request) throws -> Bool {
        Modules.accessPolicy.allows(try req.requireStaff().roles, SurveysPermission.manage)
    }

    private func find(_ req: Request) async throws -> Survey {
        guard let id = req.parameters.get("survey").flatMap(UUID.init(uuidString:)),
              let survey = try await SurveyQueries.find(id, municipalityID: try req.municipality.requireID(), on: req.db) else {
            throw SurveysError.notFound
        }
        return survey
    }
}
