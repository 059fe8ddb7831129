import Indicators
import MadoguchiCore
import Vapor

/// `/{code}/staff/measures`: the 施策 and, per 施策 and fiscal year, its 施策マネジメントシート as a
/// page (printable on A4) and as CSV; defining and editing a 施策 is in `+Definition`.
struct StaffMeasuresController: RouteCollection {
    static let year = IntegerParameter("year", in: 1989...2100)

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "measures", requiring: IndicatorsPermission.view, use: list)
        routes.on(.GET, "measures", ":measure", requiring: IndicatorsPermission.view, use: sheet)
        routes.on(.GET, "measures", ":measure", "sheet.csv", requiring: IndicatorsPermission.view, use: csv)
        routes.on(.GET, "measures", ":measure", "evaluation", requiring: IndicatorsPermission.editMeasures, use: evaluationForm)
        routes.on(.POST, "measures", ":measure", "evaluation", requiring: IndicatorsPermission.editMeasures, use: saveEvaluation)
        bootDefinition(routes: routes)
    }

    func list(req: Request) async throws -> Response {
        let municipalityID = try req.municipality.requireID()
        let measures = try await MeasureDirectory.list(municipalityID: municipalityID, on: req.db)
        let programmes = try await MeasureDirectory.programmes(municipalityID: municipalityID, on: req.db)
        return StaffMeasuresPage.render(measures: measures.map { ($0.code, $0.policyName, $0.name, $0.evaluatedYears) },
                                        programmes: programmes.map { ($0.code, $0.policyName, $0.name, $0.evaluatedYears) },
                                        canEdit: Modules.accessPolicy.allows(try req.requireStaff().roles, IndicatorsPermission.editMeasures),
                                        context: req.pageContext()).response()
    }

    func sheet(req: Request) async throws -> Response {
        MeasureSheetPage.render(try await build(req), canEdit: Modules.accessPolicy.allows(try req.requireStaff().roles, IndicatorsPermission.editMeasures),
                                context: req.pageContext()).response()
    }

    func csv(req: Request) async throws -> Response {
        let sheet = try await build(req)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "measure-\(sheet.measure.code)-\(sheet.fiscalYear.startYear).csv")
        return Response(status: .ok, headers: headers, body: .init(string: sheet.csv()))
    }

    /// The evaluation form, filled with what is saved for the year.
    func evaluationForm(req: Request) async throws -> Response {
        let sheet = try await build(req)
        let e = sheet.evaluation
        let values = ["achievement_grade": e.achievementGrade?.rawValue ?? "", "trend_grade": e.trendGrade?.rawValue ?? "",
                      "overall_grade": e.overallGrade?.rawValue ?? "", "reasons": e.reasons, "surroundings": e.surroundings,
                      "opinions": e.opinions, "comparison": e.comparison, "work_this_year": e.workThisYear, "plan_next_year": e.planNextYear,
                      "summary": e.summary, "policy_year_after_next": e.policyYearAfterNext, "medium_term": e.mediumTerm]
        return MeasureEvaluationPage.render(code: sheet.measure.code, name: sheet.measure.name, year: sheet.fiscalYear, values: values,
                                            problem: nil, context: req.pageContext()).response()
    }

    /// Saves the grades and texts; a grade that is not A–E or a text too long comes back with its field named.
    func saveEvaluation(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let sheet = try await build(req)
        let form = try req.content.decode([String: String].self)
        var values: [String: String] = [:]
        for key in ["achievement_grade", "trend_grade", "overall_grade"] + MeasureEvaluationPage.texts.map(\.name) {
            values[key] = String((form[key] ?? "").prefix(20_000))
        }
        func render(_ problem: FieldProblem) -> Response {
            MeasureEvaluationPage.render(code: sheet.measure.code, name: sheet.measure.name, year: sheet.fiscalYear, values: values,
                                         problem: problem, context: req.pageContext()).response(status: .unprocessableEntity)
        }
        var grades: [String: Grade] = [:]
        for key in ["achievement_grade", "trend_grade", "overall_grade"] where !(values[key] ?? "").isEmpty {
            guard let grade = Grade(rawValue: values[key]!) else {
                return render(FieldProblem(field: key, message: LocalizedText(ja: "評価は A〜E から選んでください", en: "Choose a grade A–E")))
            }
            grades[key] = grade
        }
        let t = { (key: String) in values[key] ?? "" }
        let content = EvaluationContent(achievementGrade: grades["achievement_grade"], trendGrade: grades["trend_grade"], reasons: t("reasons"),
                                        surroundings: t("surroundings"), opinions: t("opinions"), comparison: t("comparison"),
                                        workThisYear: t("work_this_year"), planNextYear: t("plan_next_year"), summary: t("summary"),
                                        overallGrade: grades["overall_grade"], policyYearAfterNext: t("policy_year_after_next"), mediumTerm: t("medium_term"))
        do {
            try await MeasureCommands(registry: req.madoguchi.indicatorRegistry, audit: req.madoguchi.audit)
                .evaluate(measureCode: sheet.measure.code, fiscalYear: sheet.fiscalYear.startYear, content: content,
                          municipalityID: municipality.requireID(), by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as IndicatorsError where error.kind == .invalidInput {
            return render(error.problem)
        }
        return req.redirect(to: "/\(municipality.code)/staff/measures/\(sheet.measure.code)?year=\(sheet.fiscalYear.startYear)")
    }

    /// The sheet for `?year=` (default: the latest year evaluated, else the current fiscal year).
    private func build(_ req: Request) async throws -> MeasureSheet {
        let municipality = try req.municipality
        let code = req.parameters.get("measure") ?? ""
        let latest = try await MeasureDirectory.latestEvaluatedYear(code: code, municipalityID: municipality.requireID(), on: req.db)
        let year = try req.query(Self.year) ?? latest ?? municipality.fiscalYear(containing: CivilDate.today()).startYear
        return try await MeasureSheet.build(measureCode: code, fiscalYear: FiscalYear(startYear: year, startMonth: municipality.fiscalYearStartMonth),
                                            municipality: municipality, registry: try req.madoguchi.indicatorRegistry, on: req.db)
    }
}
