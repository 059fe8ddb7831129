import Catalog
import Foundation
import MadoguchiCore
import Vapor

/// `/{code}/standards`: the 自治体標準オープンデータセット the catalogue validates against, each with
/// its Table Schema (Frictionless JSON) and an empty CSV template (UTF-8 with BOM) to fill in.
///
/// - `GET /standards`, `GET /standards/{name}/template.csv`, `GET /standards/{name}/schema.json`
struct StandardsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("standards", use: list).publicRead()
        routes.get("standards", ":name", "template.csv", use: template).publicRead()
        routes.get("standards", ":name", "schema.json", use: schemaJSON).publicRead()
    }

    func list(req: Request) async throws -> Response {
        StandardsPage.render(schemas: StandardDatasetLibrary.shared.schemas, context: req.pageContext()).response()
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
