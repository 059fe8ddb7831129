import MadoguchiCore
import Plot

/// `/{code}/staff/password`: a member changes their own password.
enum StaffPasswordPage {
    static func render(problem: FieldProblem?, notice: String?, context: PageContext) -> HTML {
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
