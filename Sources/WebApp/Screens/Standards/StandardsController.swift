import Catalog
import Foundation
import MadoguchiCore
import Plot
import Vapor

/// `/{code}/standards`: the 自治体標準オープンデータセット the catalogue validates against, each with
/// its Table Schema (Frictionless JSON) and an empty CSV template (UTF-8 with BOM) to fill in.
///
/// - `GET /standards`, `GET /standards/{name}/template.csv`, `GET /standards/{name}/schema.json`
struct StandardsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("standards", use: list)
        routes.get("standards", ":name", "template.csv", use: template)
        routes.get("standards", ":name", "schema.json", use: schemaJSON)
    }

    func list(req: Request) async throws -> Response {
        let context = req.pageContext()
        let base = "/\(context.municipalityCode ?? "")/standards"
        let schemas = StandardDatasetLibrary.shared.schemas
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
        ).response()
    }

    func template(req: Request) async throws -> Response {
        let schema = try find(req)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "\(schema.name).csv")
        return Response(status: .ok, headers: headers, body: .init(data: StandardDatasetLibrary.template(for: schema)))
    }

    func schemaJSON(req: Request) async throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(try find(req))))
    }

    private func find(_ req: Request) throws -> TableSchema {
        guard let schema = StandardDatasetLibrary.shared.schema(named: req.parameters.get("name") ?? "") else { throw WebError.notFound }
        return schema
    }
}
