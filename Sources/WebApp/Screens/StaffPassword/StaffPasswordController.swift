import MadoguchiCore
import Vapor

/// `/{code}/staff/password`: a staff member changes their own password.
struct StaffPasswordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "password", requiring: .changeOwnPassword, use: form)
        routes.on(.POST, "password", requiring: .changeOwnPassword, use: change)
    }

    struct Input: Content {
        var current_password: String?
        var new_password: String?
    }

    func form(req: Request) async throws -> Response {
        StaffPasswordPage.render(problem: nil, notice: nil, context: req.pageContext()).response()
    }

    func change(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let input = try req.content.decode(Input.self)
        let context = req.pageContext()
        do {
            try await req.madoguchi.staffAccounts.changePassword(staff: staff, current: input.current_password ?? "",
                                                               new: input.new_password ?? "", origin: req.origin, on: req.db)
        } catch let error as CoreError {
            let problem = FieldProblem(field: error.field ?? "new_password", message: error.message)
            return StaffPasswordPage.render(problem: problem, notice: nil, context: context).response(status: .unprocessableEntity)
        }
        // The change ended every session of this member (other browsers too); this one continues under a new id.
        try await req.startStaffSession(staffID: staff.requireID())
        let renewed = req.pageContext()
        return StaffPasswordPage.render(problem: nil, notice: renewed.t(UIStrings.passwordChanged), context: renewed).response()
    }
}
