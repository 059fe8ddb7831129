import FluentKit
import MadoguchiCore
import Plot
import Vapor

/// `/{code}/staff/members`: list and create staff accounts of the municipality.
struct StaffMembersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "members", requiring: .manageStaff, use: list)
        routes.on(.POST, "members", requiring: .manageStaff, use: create)
    }

    struct Input: Content {
        var login_name: String?
        var display_name: String?
        var password: String?
        var roles: [String]?
        var department: String?
    }

    func list(req: Request) async throws -> Response {
        try await render(req, problem: nil, input: Input(), notice: nil)
    }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let actor = try req.requireStaff()
        let input = try req.content.decode(Input.self)
        var roles = Set((input.roles ?? []).compactMap(Role.init(rawValue:)))
        // Only a system administrator may create another system administrator.
        if !actor.roles.contains(.systemAdministrator) { roles.remove(.systemAdministrator) }
        let departmentID = try await departmentID(input.department, municipality: municipality, on: req.db)
        do {
            let created = try await req.madoguchi.staffAccounts.create(
                municipalityID: municipality.requireID(), departmentID: departmentID, loginName: input.login_name ?? "",
                displayName: (input.display_name ?? "").trimmingCharacters(in: .whitespaces), password: input.password ?? "",
                roles: roles, by: .staff(actor.requireID()), origin: req.origin, on: req.db)
            let l = req.language
            return try await render(req, problem: nil, input: Input(),
                                    notice: l == .ja ? "\(created.loginName) を登録しました" : "Created \(created.loginName)")
        } catch let error as CoreError {
            let problem = FieldProblem(field: error.field ?? "login_name", message: error.message)
            return try await render(req, problem: problem, input: input, notice: nil, status: .unprocessableEntity)
        }
    }

    private func departmentID(_ text: String?, municipality: Municipality, on db: any Database) async throws -> UUID? {
        guard let text, !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text), let department = try await Department.find(id, on: db),
              department.$municipality.id == municipality.id else {
            throw WebError(.invalidInput, ja: "所属の部署が見つかりません", en: "Unknown department", field: "department")
        }
        return id
    }

    private func render(_ req: Request, problem: FieldProblem?, input: Input, notice: String?,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let id = try req.municipality.requireID()
        let staff = try await Staff.query(on: req.db).filter(\.$municipality.$id == id).sort(\.$loginName).all()
        let departments = try await Department.query(on: req.db).filter(\.$municipality.$id == id).sort(\.$code).all()
        return StaffMembersPage.render(staff: staff, departments: departments, problem: problem, input: input,
                                       notice: notice, context: req.pageContext()).response(status: status)
    }
}
