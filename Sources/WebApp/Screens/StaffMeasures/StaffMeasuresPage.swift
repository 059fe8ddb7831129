import MadoguchiCore
import Plot

/// `/{code}/staff/measures`: the 施策 with links to their sheets by fiscal year.
enum StaffMeasuresPage {
    static func render(measures: [(code: String, policy: String, name: String, years: [Int])],
                       programmes: [(code: String, department: String, name: String, years: [Int])], canEdit: Bool = false,
                       context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/measures"
        return Layout.page(
            title: l == .ja ? "施策マネジメントシート" : "Measure evaluation sheets", context: context,
            .if(canEdit, .p(.a(.attr("href", "\(base)/new"), .text(l == .ja ? "施策を登録する" : "Add a measure")))),
            .if(measures.isEmpty, .p(.text(l == .ja ? "施策はまだ登録されていません。" : "No measures yet."))),
            .if(!measures.isEmpty, .table(
                .caption(.text(l == .ja ? "施策一覧" : "Measures")),
                .thead(.tr(.forEach((l == .ja ? ["コード", "政策名", "基本施策名", "評価した年度"] : ["Code", "Policy", "Measure", "Years evaluated"])
                                   + (canEdit ? [l == .ja ? "定義" : "Definition"] : [])) {
                    .th(.attr("scope", "col"), .text($0))
                })),
                .tbody(.forEach(measures) { m in
                    .tr(.td(.text(m.code)), .td(.text(m.policy)),
                        .td(.a(.attr("href", "\(base)/\(m.code)"), .text(m.name))),
                        .td(.ul(.forEach(m.years) { y in
                            .li(.a(.attr("href", "\(base)/\(m.code)?year=\(y)"), .text(FiscalYear(startYear: y).warekiLabel)))
                        })),
                        .if(canEdit, .td(.a(.attr("href", "\(base)/\(m.code)/edit"), .text(l == .ja ? "\(m.code) を編集" : "Edit \(m.code)")))))
                }))),
            .h2(.text(l == .ja ? "事務事業評価シート" : "Programme evaluation sheets")),
            .if(canEdit, .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/staff/programmes/new"),
                               .text(l == .ja ? "事務事業を登録する" : "Add a programme")))),
            .if(programmes.isEmpty, .p(.text(l == .ja ? "事務事業はまだ登録されていません。" : "No programmes yet."))),
            .if(!programmes.isEmpty, .table(
                .caption(.text(l == .ja ? "事務事業一覧" : "Programmes")),
                .thead(.tr(.forEach((l == .ja ? ["計画事業番号", "担当部署", "事務事業名", "評価した年度"] : ["Number", "Department", "Programme", "Years evaluated"])
                                   + (canEdit ? [l == .ja ? "定義" : "Definition"] : [])) {
                    .th(.attr("scope", "col"), .text($0))
                })),
                .tbody(.forEach(programmes) { p in
                    .tr(.td(.text(p.code)), .td(.text(p.department)),
                        .td(.a(.attr("href", "/\(context.municipalityCode ?? "")/staff/programmes/\(p.code)"), .text(p.name))),
                        .td(.ul(.forEach(p.years) { y in
                            .li(.a(.attr("href", "/\(context.municipalityCode ?? "")/staff/programmes/\(p.code)?year=\(y)"),
                                   .text(FiscalYear(startYear: y).warekiLabel)))
                        })),
                        .if(canEdit, .td(.a(.attr("href", "/\(context.municipalityCode ?? "")/staff/programmes/\(p.code)/edit"),
                                            .text(l == .ja ? "\(p.code) を編集" : "Edit \(p.code)")))))
                })))
        )
    }
}
