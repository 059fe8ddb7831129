import MadoguchiCore
import Plot

/// `/{code}/staff/municipalities`: the municipalities this deployment serves and the form that adds one.
enum StaffMunicipalitiesPage {
    static func render(municipalities all: [Municipality], input: StaffMunicipalitiesController.Input, problems: [FieldProblem], context: PageContext) -> HTML {
        let l = context.language
        func problemFor(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        let fields: [(String, LocalizedText, String?, Bool)] = [
            ("code", LocalizedText(ja: "全国地方公共団体コード（6桁）", en: "Municipality code (6 digits)"), input.code, true),
            ("name", LocalizedText(ja: "団体名", en: "Name (Japanese)"), input.name, true),
            ("name_en", LocalizedText(ja: "英語名", en: "Name (English)"), input.name_en, false),
            ("prefecture", LocalizedText(ja: "都道府県", en: "Prefecture"), input.prefecture, true),
            ("population", LocalizedText(ja: "人口", en: "Population"), input.population, true),
            ("fiscal_year_start_month", LocalizedText(ja: "年度開始月", en: "Fiscal year start month"), input.fiscal_year_start_month ?? "4", true),
        ]
        return Layout.page(
            title: context.t(UIStrings.municipalities), context: context,
            Layout.problems(problems, context: context),
            .table(.caption(.text(l == .ja ? "登録済みの自治体" : "Municipalities served")),
                   .thead(.tr(.th(.attr("scope", "col"), .text(l == .ja ? "コード" : "Code")),
                              .th(.attr("scope", "col"), .text(l == .ja ? "名称" : "Name")),
                              .th(.attr("scope", "col"), .text(l == .ja ? "人口" : "Population")))),
                   .tbody(.forEach(all) { m in
                       .tr(.td(.a(.attr("href", "/\(m.code)/"), .text(m.code))), .td(.text("\(m.prefecture) \(m.name(in: l))")),
                           .td(.text(String(m.population))))
                   })),
            .h2(.text(l == .ja ? "自治体を追加" : "Add a municipality")),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/municipalities"),
                  Layout.csrfField(context),
                  .forEach(fields) { name, label, value, required in
                      FormFields.text(name, label: label.text(l), value: value ?? "", problem: problemFor(name),
                                      context: context, required: required)
                  },
                  FormFields.submit(context.t(UIStrings.save)))
        )
    }
}
