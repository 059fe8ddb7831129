import MadoguchiCore
import Vapor

/// `/{code}/staff/municipalities`: system administrators list and add the municipalities served.
struct StaffMunicipalitiesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "municipalities", requiring: .manageMunicipalities, use: list)
        routes.on(.POST, "municipalities", requiring: .manageMunicipalities, use: create)
    }

    struct Input: Content {
        var code: String?
        var name: String?
        var name_en: String?
        var prefecture: String?
        var population: String?
        var fiscal_year_start_month: String?
    }

    func list(req: Request) async throws -> Response { try await render(req, problems: [], input: Input()) }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(Input.self)
        let draft = Municipalities.Draft(code: input.code ?? "", name: input.name ?? "", nameEnglish: input.name_en ?? "",
                                         prefecture: input.prefecture ?? "", population: Int(input.population ?? "") ?? -1,
                                         fiscalYearStartMonth: Int(input.fiscal_year_start_month ?? "4") ?? 0)
        let problems = draft.problems()
        guard problems.isEmpty else { return try await render(req, problems: problems, input: input) }
        do {
            _ = try await req.madoguchi.municipalities.create(draft, by: .staff(req.requireStaff().requireID()),
                                                             origin: req.origin, on: req.db)
        } catch let error as CoreError {
            return try await render(req, problems: [FieldProblem(field: error.field ?? "code", message: error.message)], input: input)
        }
        return req.redirect(to: "/\(try req.municipality.code)/staff/municipalities")
    }

    private func render(_ req: Request, problems: [FieldProblem], input: Input) async throws -> Response {
        let all = try await req.madoguchi.municipalities.all(on: req.db)
        return StaffMunicipalitiesPage.render(municipalities: all, input: input, problems: problems, context: req.pageContext()).response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }
}
