import MadoguchiCore
import Plot

/// The staff sign-in form.
enum StaffLoginPage {
    static func render(loginName: String, problem: FieldProblem?, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(UIStrings.staffSignIn), context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/login"),
                  Layout.csrfField(context),
                  FormFields.text("login_name", label: context.t(UIStrings.loginName), value: loginName, problem: problem,
                                  context: context, autocomplete: "username"),
                  FormFields.text("password", label: context.t(UIStrings.password), type: .password, context: context,
                                  autocomplete: "current-password"),
                  FormFields.submit(context.t(UIStrings.signIn)))
        )
    }
}
