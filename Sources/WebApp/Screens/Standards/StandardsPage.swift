import Catalog
import MadoguchiCore
import Plot

/// `/{code}/standards`: the standard datasets, each with its CSV template and Table Schema.
enum StandardsPage {
    static func render(schemas: [TableSchema], context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/standards"
        return Layout.page(
            title: context.t(LocalizedText(ja: "自治体標準オープンデータセット", en: "Standard open datasets for municipalities")), context: context,
            .p(.text(context.t(LocalizedText(
                ja: "国が定めた項目名と型で作成するためのひな形です。登録されたCSVはこの定義で検査され、適合したものには適合マークが付きます。",
                en: "Templates with the national column names and types. Uploaded CSVs are checked against them.")))),
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(context.t(LocalizedText(ja: "標準データセット一覧", en: "Standard datasets")))),
                .thead(.tr(.forEach([("番号", "No."), ("名称", "Name"), ("項目数", "Columns"), ("ダウンロード", "Download")]) { h in
                    .th(.attr("scope", "col"), .text(context.language == .ja ? h.0 : h.1))
                })),
                .tbody(.forEach(schemas) { s in
                    .tr(.td(.text(s.number ?? "—")),
                        .th(.attr("scope", "row"), .text(s.title),
                            s.isDerivedLayout ? .small(.text(context.t(LocalizedText(ja: "（国の様式がないため、03の様式に準じています）", en: " (no national template: follows No. 03)")))) : .empty),
                        .td(.text(String(s.fields.count))),
                        .td(.a(.attr("href", "\(base)/\(s.name)/template.csv"), .text(context.t(LocalizedText(ja: "ひな形CSV", en: "CSV template")))),
                            .text("・"), .a(.attr("href", "\(base)/\(s.name)/schema.json"), .text("Table Schema"))))
                })))
        )
    }
}
