import Catalog
import MadoguchiCore
import Plot

/// `/{code}/staff/categories`: the catalogue's categories and the form that adds one.
enum StaffCategoriesPage {
    static func render(categories: [Category], input: StaffCategoriesController.Input, problem: FieldProblem?, context: PageContext) -> HTML {
        func p(_ field: String) -> FieldProblem? { problem?.field == field ? problem : nil }
        return Layout.page(
            title: context.t(LocalizedText(ja: "データの分類", en: "Categories")), context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            categories.isEmpty ? .p(.text(context.t(LocalizedText(ja: "分類はまだありません。", en: "No categories yet.")))) :
            .ul(.forEach(categories) { .li(.text("\($0.title)（\($0.name)）")) }),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/categories"), Layout.csrfField(context),
                  FormFields.text("name", label: context.t(LocalizedText(ja: "URL名（例：disaster-prevention）", en: "URL name")), value: input.name ?? "",
                                  problem: p("name"), context: context, autocomplete: "off"),
                  FormFields.text("title", label: context.t(LocalizedText(ja: "名称（例：防災）", en: "Title")), value: input.title ?? "",
                                  problem: p("title"), context: context, autocomplete: "off"),
                  FormFields.submit(context.t(UIStrings.save)))
        )
    }
}
