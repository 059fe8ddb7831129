import FluentKit
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
        let code = (input.code ?? "").trimmingCharacters(in: .whitespaces)
        let name = (input.name ?? "").trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty, code.count <= 40, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            return try await render(req, problem: FieldProblem(field: "code", message: LocalizedText(
                ja: "部署コードは半角英数字とハイフンで40文字以内です", en: "Codes use letters, digits and '-' (40 at most)")), input: input)
        }
        guard !name.isEmpty else {
            return try await render(req, problem: FieldProblem(field: "name", message: LocalizedText(
                ja: "部署名を入力してください", en: "Enter the department's name")), input: input)
        }
        let exists = try await Department.query(on: req.db).filter(\.$municipality.$id == municipality.requireID())
            .filter(\.$code == code).count() > 0
        guard !exists else {
            return try await render(req, problem: FieldProblem(field: "code", message: LocalizedText(
                ja: "その部署コードは使われています", en: "That code is taken")), input: input)
        }
        try await req.madoguchi.municipalities.addDepartment(to: municipality, code: code, name: name,
                                                            nameEnglish: input.name_en ?? "", by: .staff(req.requireStaff().requireID()),
                                                            origin: req.origin, on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/departments")
    }

    private func render(_ req: Request, problem: FieldProblem?, input: Input) async throws -> Response {
        let departments = try await Department.query(on: req.db).filter(\.$municipality.$id == req.municipality.requireID())
            .sort(\.$code).all()
        return StaffDepartmentsPage.render(departments: departments, input: input, problem: problem, context: req.pageContext()).response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}
