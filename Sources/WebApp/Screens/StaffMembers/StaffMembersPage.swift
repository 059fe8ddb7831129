import MadoguchiCore
import Plot

/// Staff accounts: a table of accounts and a form to add one.
enum StaffMembersPage {
    static func render(staff: [Staff], departments: [Department], problem: FieldProblem?, input: StaffMembersController.Input,
                       notice: String?, context: PageContext) -> HTML {
        let l = context.language
        let byID = Dictionary(uniqueKeysWithValues: departments.compactMap { d in d.id.map { ($0, d) } })
        let chosen = Set(input.roles ?? [])
        func problemFor(_ field: String) -> FieldProblem? { problem?.field == field ? problem : nil }
        return Layout.page(
            title: context.t(UIStrings.staffMembers), context: context,
            Layout.notice(notice),
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .table(
                .caption(.text(l == .ja ? "登録済みの職員（\(staff.count)人）" : "\(staff.count) staff accounts")),
                .thead(.tr(.th(.attr("scope", "col"), .text(context.t(UIStrings.loginName))),
                           .th(.attr("scope", "col"), .text(l == .ja ? "氏名" : "Name")),
                           .th(.attr("scope", "col"), .text(context.t(UIStrings.departments))),
                           .th(.attr("scope", "col"), .text(l == .ja ? "役割" : "Roles")))),
                .tbody(.forEach(staff) { s in
                    .tr(.td(.a(.attr("href", "/\(context.municipalityCode ?? "")/staff/members/\(s.id?.uuidString ?? "")"), .text(s.loginName))),
                        .td(.text(s.displayName)),
                        .td(.text(s.$department.id.flatMap { byID[$0]?.name } ?? "")),
                        .td(.text(s.roles.sorted().map { $0.label.text(l) }.joined(separator: "、"))))
                })),
            .h2(.text(l == .ja ? "職員を追加" : "Add a staff member")),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/members"),
                  Layout.csrfField(context),
                  FormFields.text("login_name", label: context.t(UIStrings.loginName), value: input.login_name ?? "",
                                  problem: problemFor("login_name"), context: context, autocomplete: "off"),
                  FormFields.text("display_name", label: l == .ja ? "氏名" : "Name", value: input.display_name ?? "",
                                  context: context, autocomplete: "off"),
                  FormFields.text("password", label: l == .ja ? "初期パスワード（12文字以上）" : "Initial password (12+ characters)",
                                  type: .password, problem: problemFor("password"), context: context, autocomplete: "new-password"),
                  .div(.attr("class", "field"),
                       .label(.attr("for", "department"), .text(context.t(UIStrings.departments))),
                       .select(.attr("id", "department"), .attr("name", "department"),
                               FormFields.option(value: "", label: l == .ja ? "（なし）" : "(none)"),
                               .forEach(departments) { d in
                                   FormFields.option(value: d.id?.uuidString ?? "", label: d.name,
                                                     selected: input.department == d.id?.uuidString)
                               })),
                  .fieldset(.attr("id", "roles"),
                            .element(named: "legend", text: l == .ja ? "役割" : "Roles"),
                            .forEach(Role.allCases) { role in
                                .div(.attr("class", "choice"),
                                     .input(.type(.checkbox), .attr("id", "role-\(role.rawValue)"), .attr("name", "roles[]"),
                                            .attr("value", role.rawValue), .checked(chosen.contains(role.rawValue))),
                                     .label(.attr("for", "role-\(role.rawValue)"), .text(role.label.text(l))))
                            }),
                  FormFields.submit(context.t(UIStrings.save)))
        )
    }
}
