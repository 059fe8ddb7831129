import MadoguchiCore
import Plot
import Vapor

/// `/{code}/staff/members`: list, create and change staff accounts of the municipality.
///
/// - `GET  /staff/members`, `POST /staff/members`: the accounts and a form to add one
/// - `GET  /staff/members/{staff}`, `POST /staff/members/{staff}`: one account's roles, department and state
///
/// Privileged roles are granted only by a system administrator (`StaffRoleGrants`); a refused grant
/// comes back on the form with the field named (403).
struct StaffMembersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "members", requiring: .manageStaff, use: list)
        routes.on(.POST, "members", requiring: .manageStaff, use: create)
        routes.on(.GET, "members", ":staff", requiring: .manageStaff, use: edit)
        routes.on(.POST, "members", ":staff", requiring: .manageStaff, use: update)
    }

    struct Input: Content {
        var login_name: String?
        var display_name: String?
        var password: String?
        var roles: [String]?
        var department: String?
    }

    struct EditInput: Content {
        var roles: [String]?
        var department: String?
        /// `on` when the account may sign in (a checkbox).
        var active: String?
    }

    func list(req: Request) async throws -> Response {
        try await render(req, problem: nil, input: Input(), notice: nil)
    }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let actor = try req.requireStaff()
        let input = try req.content.decode(Input.self)
        let roles = Set((input.roles ?? []).compactMap(Role.init(rawValue:)))
        do {
            let departmentID = try await req.madoguchi.departments.resolve(input.department, in: municipality.requireID(), on: req.db)
            let created = try await req.madoguchi.staffRoleGrants.create(
                municipalityID: municipality.requireID(), departmentID: departmentID, loginName: input.login_name ?? "",
                displayName: (input.display_name ?? "").trimmingCharacters(in: .whitespaces), password: input.password ?? "",
                roles: roles, by: .staff(actor.requireID()), origin: req.origin, on: req.db)
            let l = req.language
            return try await render(req, problem: nil, input: Input(),
                                    notice: l == .ja ? "\(created.loginName) を登録しました" : "Created \(created.loginName)")
        } catch let error as any UserFacingError {
            let field = error.field ?? "login_name"
            return try await render(req, problem: FieldProblem(field: field, message: error.message), input: input, notice: nil,
                                    status: error.kind == .forbidden ? .forbidden : .unprocessableEntity)
        }
    }

    func edit(req: Request) async throws -> Response {
        let member = try await member(req)
        return try await renderEdit(req, member: member, problem: nil)
    }

    func update(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let member = try await member(req)
        let input = try req.content.decode(EditInput.self)
        let roles = Set((input.roles ?? []).compactMap(Role.init(rawValue:)))
        do {
            let departmentID = try await req.madoguchi.departments.resolve(input.department, in: municipality.requireID(), on: req.db)
            try await req.madoguchi.staffRoleGrants.update(member, roles: roles, departmentID: departmentID, active: input.active == "on",
                                                           by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as any UserFacingError {
            let field = error.field ?? "roles"
            let fresh = try await req.madoguchi.staffDirectory.member(member.requireID(), in: municipality.requireID(), on: req.db) ?? member
            return try await renderEdit(req, member: fresh, problem: FieldProblem(field: field, message: error.message),
                                        status: error.kind == .forbidden ? .forbidden : .unprocessableEntity)
        }
        return req.redirect(to: "/\(municipality.code)/staff/members/\(try member.requireID().uuidString.lowercased())")
    }

    /// The account in the path, within the municipality in the path; 404 otherwise.
    private func member(_ req: Request) async throws -> Staff {
        guard let id = req.parameters.get("staff").flatMap(UUID.init(uuidString:)),
              let member = try await req.madoguchi.staffDirectory.member(id, in: req.municipality.requireID(), on: req.db) else {
            throw WebError.notFound
        }
        return member
    }

    private func render(_ req: Request, problem: FieldProblem?, input: Input, notice: String?,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let id = try req.municipality.requireID()
        let staff = try await req.madoguchi.staffDirectory.members(of: id, on: req.db)
        let departments = try await req.madoguchi.departments.list(of: id, on: req.db)
        return StaffMembersPage.render(staff: staff, departments: departments, problem: problem, input: input,
                                       notice: notice, context: req.pageContext()).response(status: status)
    }

    private func renderEdit(_ req: Request, member: Staff, problem: FieldProblem?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let departments = try await req.madoguchi.departments.list(of: req.municipality.requireID(), on: req.db)
        return StaffMemberEditPage.render(member: member, departments: departments, problem: problem,
                                          context: req.pageContext()).response(status: status)
    }
}

extension MadoguchiServices {
    /// Account creation and role changes under the separation-of-duties rule.
    var staffRoleGrants: StaffRoleGrants { StaffRoleGrants(accounts: staffAccounts, audit: audit) }
}
