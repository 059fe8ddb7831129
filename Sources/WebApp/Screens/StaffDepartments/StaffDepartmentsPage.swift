import MadoguchiCore
import Plot

/// `/{code}/staff/departments`: the municipality's departments and the form that adds one.
enum StaffDepartmentsPage {
    static func render(departments: [Department], input: StaffDepartmentsController.Input, problem: FieldProblem?, context: PageContext) -> HTML {
        let l = context.language
        func problemFor(_ field: String) -> FieldProblem? { problem?.field == field ? problem : nil }
        return Layout.page(
            title: context.t(UIStrings.departments), context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .table(.caption(.text(l == .ja ? "部署一覧" : "Departments")),
                   .thead(.tr(.th(.attr("scope", "col"), .text(l == .ja ? "コード" : "Code")),
                              .th(.attr("scope", "col"), .text(l == .ja ? "名称" : "Name")))),
                   .tbody(.forEach(departments) { d in .tr(.td(.text(d.code)), .td(.text(l == .ja ? d.name : d.nameEnglish))) })),
            .h2(.text(l == .ja ? "部署を追加" : "Add a department")),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/departments"),
                  Layout.csrfField(context),
                  FormFields.text("code", label: l == .ja ? "部署コード（半角英数字）" : "Code", value: input.code ?? "",
                                  problem: problemFor("code"), context: context),
                  FormFields.text("name", label: l == .ja ? "名称" : "Name (Japanese)", value: input.name ?? "",
                                  problem: problemFor("name"), context: context),
                  FormFields.text("name_en", label: l == .ja ? "英語名" : "Name (English)", value: input.name_en ?? "",
                                  context: context, required: false),
                  FormFields.submit(context.t(UIStrings.save)))
        )
    }
}
