import MadoguchiCore
import Plot

/// One staff account: its roles, department and whether it may sign in. Privileged roles are
/// marked, because only a system administrator may grant or remove them.
enum StaffMemberEditPage {
    static func render(member: Staff, departments: [Department], problem: FieldProblem?, context: PageContext) -> HTML {
        let l = context.language
        let path = "/\(context.municipalityCode ?? "")/staff/members/\(member.id?.uuidString.lowercased() ?? "")"
        let chosen = member.roles
        return Layout.page(
            title: l == .ja ? "職員の役割・所属：\(member.displayName)" : "Roles and department: \(member.displayName)", context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .p(.text(l == .ja ? "ログイン名：\(member.loginName)" : "Login name: \(member.loginName)")),
            .p(.text(l == .ja ? "＊の役割（システム管理者・個人情報保護担当・監査担当・電子申請統括担当）は、システム管理者だけが付与・変更できます。付与は監査ログに記録されます。"
                              : "Roles marked * are granted or removed only by a system administrator; each grant is flagged in the audit log.")),
            .form(.method(.post), .attr("action", path),
                  Layout.csrfField(context),
                  .div(.attr("class", "field"),
                       .label(.attr("for", "department"), .text(context.t(UIStrings.departments))),
                       .select(.attr("id", "department"), .attr("name", "department"),
                               FormFields.option(value: "", label: l == .ja ? "（なし）" : "(none)"),
                               .forEach(departments) { d in
                                   FormFields.option(value: d.id?.uuidString ?? "", label: d.name, selected: member.$department.id == d.id)
                               })),
                  .fieldset(.attr("id", "roles"),
                            .element(named: "legend", text: l == .ja ? "役割" : "Roles"),
                            .forEach(Role.allCases) { role in
                                .div(.attr("class", "choice"),
                                     .input(.type(.checkbox), .attr("id", "role-\(role.rawValue)"), .attr("name", "roles[]"),
                                            .attr("value", role.rawValue), .checked(chosen.contains(role))),
                                     .label(.attr("for", "role-\(role.rawValue)"), .text(role.label.text(l) + (role.isPrivileged ? "＊" : ""))))
                            }),
                  .div(.attr("class", "choice"),
                       .input(.type(.checkbox), .attr("id", "active"), .attr("name", "active"), .attr("value", "on"), .checked(member.active)),
                       .label(.attr("for", "active"), .text(l == .ja ? "利用中（サインインできる）" : "Active (may sign in)"))),
                  FormFields.submit(context.t(UIStrings.save)))
        )
    }
}
