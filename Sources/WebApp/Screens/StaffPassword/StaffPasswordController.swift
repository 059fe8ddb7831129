import MadoguchiCore
import Plot
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
        render(problem: nil, notice: nil, context: req.pageContext()).response()
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
            return render(problem: problem, notice: nil, context: context).response(status: .unprocessableEntity)
        }
        // The change ended every session of this member (other browsers too); this one continues under a new id.
        try await req.startStaffSession(staffID: staff.requireID())
        let renewed = req.pageContext()
        return render(problem: nil, notice: renewed.t(UIStrings.passwordChanged), context: renewed).response()
    }

    func render(problem: FieldProblem?, notice: String?, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(UIStrings.changePassword), context: context,
            Layout.notice(notice),
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/password"),
                  Layout.csrfField(context),
                  FormFields.text("current_password", label: context.t(UIStrings.currentPassword), type: .password,
                                  problem: problem?.field == "current_password" ? problem : nil, context: context,
                                  autocomplete: "current-password"),
                  FormFields.text("new_password", label: context.t(UIStrings.newPassword), type: .password,
                                  problem: problem?.field == "new_password" ? problem : nil, context: context,
                                  autocomplete: "new-password"),
                  FormFields.submit(context.t(UIStrings.save)))
        )
    }
}
