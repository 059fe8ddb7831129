import MadoguchiCore
import Vapor

/// `/{code}/staff/departments`: the municipality's 部 and 課.
struct StaffDepartmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "departments", requiring: .manageDepartments, use: list)
        routes.on(.POST, "departments", requiring: .manageDepartments, use: create)
    }

    struct Input: Content {
        var code: String?
        var name: String?
        var name_en: String?
    }

    func list(req: Request) async throws -> Response { try await render(req, problem: nil, input: Input()) }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(Input.self)
        do {
            try await req.madoguchi.departments.create(
                Departments.Draft(code: input.code ?? "", name: input.name ?? "", nameEnglish: input.name_en ?? ""),
                in: municipality, by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as CoreError where error.field != nil {
            return try await render(req, problem: FieldProblem(field: error.field ?? "code", message: error.message), input: input)
        }
        return req.redirect(to: "/\(municipality.code)/staff/departments")
    }

    private func render(_ req: Request, problem: FieldProblem?, input: Input) async throws -> Response {
        let departments = try await req.madoguchi.departments.list(of: req.municipality.requireID(), on: req.db)
        return StaffDepartmentsPage.render(departments: departments, input: input, problem: problem, context: req.pageContext()).response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}
