import Catalog
import Foundation
import MadoguchiCore
import Plot

/// The public catalogue pages: search with facets, and one dataset.
enum DatasetsPage {
    struct Search {
        let text: String
        let filters: [FacetFilter]
        let page: Int
        let count: Int
        let packages: [CKANPackage]
        let facets: [String: [DatasetSearch.FacetCount]]
    }

    static let facetTitles: [(String, LocalizedText)] = [
        ("organization", LocalizedText(ja: "組織", en: "Organisation")), ("groups", LocalizedText(ja: "分類", en: "Category")),
        ("tags", LocalizedText(ja: "タグ", en: "Tag")), ("res_format", LocalizedText(ja: "形式", en: "Format")),
        ("license_id", LocalizedText(ja: "ライセンス", en: "Licence")),
    ]

    static func search(_ model: Search, context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/dataset"
        func link(adding field: String, _ value: String) -> String {
            var items = [URLQueryItem(name: "q", value: model.text)]
            items += model.filters.filter { $0.field != field }.map { URLQueryItem(name: $0.field, value: $0.value) }
            items.append(URLQueryItem(name: field, value: value))
            var components = URLComponents(); components.queryItems = items.filter { !($0.value ?? "").isEmpty }
            return base + "?" + (components.percentEncodedQuery ?? "")
        }
        let pages = max(1, (model.count + DatasetsController.pageSize - 1) / DatasetsController.pageSize)
        return Layout.page(
            title: context.t(LocalizedText(ja: "オープンデータ", en: "Open data")), context: context,
            .form(.method(.get), .attr("action", base), .attr("role", "search"),
                  .div(.attr("class", "field"),
                       .label(.attr("for", "q"), .text(context.t(LocalizedText(ja: "キーワード（例：避難、AED）", en: "Keywords")))),
                       .input(.type(.search), .attr("id", "q"), .attr("name", "q"), .attr("value", model.text))),
                  .forEach(model.filters) { .input(.type(.hidden), .attr("name", $0.field), .attr("value", $0.value)) },
                  FormFields.submit(context.t(LocalizedText(ja: "検索", en: "Search")))),
            .p(.attr("role", "status"), .text(context.t(LocalizedText(ja: "\(model.count)件のデータセット", en: "\(model.count) datasets")))),
            .if(!model.filters.isEmpty, .p(.text(context.t(LocalizedText(ja: "絞り込み：", en: "Filters: ")) + model.filters.map { "\($0.field)=\($0.value)" }.joined(separator: "、")),
                                           .text(" "), .a(.attr("href", base + (model.text.isEmpty ? "" : "?q=" + (model.text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""))),
                                                         .text(context.t(LocalizedText(ja: "絞り込みを解除", en: "Clear filters")))))),
            .div(.attr("class", "catalog"),
                .element(named: "aside", nodes: [.attr("aria-label", context.t(LocalizedText(ja: "絞り込み", en: "Filters"))),
                    .forEach(facetTitles) { field, title in
                        .unwrap(model.facets[field].flatMap { $0.isEmpty ? nil : $0 }) { counts in
                            .group(.h2(.text(context.t(title))),
                                   .ul(.forEach(counts) { c in .li(.a(.attr("href", link(adding: field, c.name)), .text("\(c.displayName)（\(c.count)）"))) }))
                        }
                    }]),
                .div(.forEach(model.packages) { p in
                    .article(.attr("class", "card"),
                             .h2(.a(.attr("href", "\(base)/\(p.name)"), .text(p.title))),
                             .p(.text(String(p.notes.prefix(160)))),
                             .p(.attr("class", "help"), .text("\(p.organization?.title ?? "")・\(p.resources.map(\.format).filter { !$0.isEmpty }.joined(separator: "・"))・更新 \(p.metadata_modified.prefix(10))")))
                })),
            .if(pages > 1, .nav(.attr("aria-label", context.t(LocalizedText(ja: "ページ", en: "Pages"))),
                                .p(.text("\(model.page) / \(pages)　"),
                                   .if(model.page > 1, .a(.attr("href", link(adding: "page", String(model.page - 1))), .text(context.t(LocalizedText(ja: "前へ", en: "Previous"))))),
                                   .text("　"),
                                   .if(model.page < pages, .a(.attr("href", link(adding: "page", String(model.page + 1))), .text(context.t(LocalizedText(ja: "次へ", en: "Next")))))))),
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/catalog.ttl"), .text("DCAT (Turtle)")), .text("・"),
               .a(.attr("href", "/\(context.municipalityCode ?? "")/catalog.jsonld"), .text("DCAT (JSON-LD)")), .text("・"),
               .a(.attr("href", "/\(context.municipalityCode ?? "")/api/3/action/package_search"), .text("CKAN API")))
        )
    }

    /// The page of one dataset: its package, conformity marks, download counts and CSV preview (Catalog's read model).
    typealias Dataset = CKANReadModel.DatasetPage

    static func dataset(_ model: Dataset, context: PageContext) -> HTML {
        let p = model.package
        let base = "/\(context.municipalityCode ?? "")/dataset/\(p.name)"
        return Layout.page(
            title: p.title, context: context,
            .p(.text(p.notes)),
            .dl(.dt(.text(context.t(LocalizedText(ja: "組織", en: "Organisation")))), .dd(.text(p.organization?.title ?? "—")),
                .dt(.text(context.t(LocalizedText(ja: "ライセンス", en: "Licence")))),
                .dd(p.license_url.isEmpty ? .text(p.license_title) : .a(.attr("href", p.license_url), .text(p.license_title))),
                .dt(.text(context.t(LocalizedText(ja: "タグ", en: "Tags")))), .dd(.text(p.tags.map(\.name).joined(separator: "、"))),
                .dt(.text(context.t(LocalizedText(ja: "更新日", en: "Last modified")))), .dd(.text(String(p.metadata_modified.prefix(10))))),
            .h2(.text(context.t(LocalizedText(ja: "データとリソース", en: "Data and resources")))),
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(context.t(LocalizedText(ja: "ファイル一覧（★は5段階のオープンデータ評価）", en: "Files (★: five-star openness)")))),
                .thead(.tr(.forEach([("名称", "Name"), ("形式", "Format"), ("オープン度", "Openness"), ("ダウンロード数", "Downloads")]) { h in
                    .th(.attr("scope", "col"), .text(context.language == .ja ? h.0 : h.1))
                })),
                .tbody(.forEach(p.resources) { r in
                    .tr(.th(.attr("scope", "row"), .a(.attr("href", r.url), .text(r.name)),
                            .unwrap(model.conformity[r.id]) { standard in
                                .span(.attr("class", "conformity"), .text(context.t(LocalizedText(ja: "　✔ 標準データセット適合（\(standard)）", en: " ✔ conforms to \(standard)"))))
                            }),
                        .td(.text(r.format)),
                        .td(.span(.attr("aria-label", "\(r.openness_score) / 5"),
                                  .text(String(repeating: "★", count: r.openness_score) + String(repeating: "☆", count: 5 - r.openness_score)))),
                        .td(.text("\(model.downloads[r.id] ?? 0)")))
                }))),
            .unwrap(model.preview) { preview in
                .group(.h2(.text(context.t(LocalizedText(ja: "プレビュー（先頭\(preview.rows.count)行）", en: "Preview (first \(preview.rows.count) rows)")))),
                       .div(.attr("class", "table-scroll"), .attr("tabindex", "0"),
                            .attr("aria-label", preview.resourceName),
                            .table(.caption(.text(preview.resourceName)),
                                   .thead(.tr(.forEach(preview.header) { .th(.attr("scope", "col"), .text($0)) })),
                                   .tbody(.forEach(preview.rows) { row in .tr(.forEach(row) { .td(.text($0)) }) }))))
            },
            .p(.a(.attr("href", base + ".ttl"), .text("DCAT (Turtle)")), .text("・"), .a(.attr("href", base + ".jsonld"), .text("DCAT (JSON-LD)")))
        )
    }
}
