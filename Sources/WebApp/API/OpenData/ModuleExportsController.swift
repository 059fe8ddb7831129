import MadoguchiCore
import Vapor

/// `/{code}/exports/{id}.csv`: the open data a module declares in its manifest
/// (`openDataExports`), made from its records on request — e.g. `shelters.status.csv`, the live
/// shelter status. Public, kept by the front's page cache and emptied by the write that changes it.
struct ModuleExportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("exports", ":file", use: csv).publicRead()
    }

    /// The export a file name asks for (`<id>.csv`), among the configured manifests' declarations.
    static func declaration(forFile file: String, in manifests: [ModuleManifest]) -> OpenDataExportDeclaration? {
        guard file.hasSuffix(".csv") else { return nil }
        return manifests.openDataExport(String(file.dropLast(4)))
    }

    func csv(req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"),
              let export = Self.declaration(forFile: file, in: req.madoguchi.manifests) else { throw WebError.notFound }
        let rows = try await export.rows(req.municipality.requireID(), req.db)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "\(try req.municipality.code)_\(export.id).csv")
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        let body = CSVWriter.document(header: rows.first ?? [], rows: Array(rows.dropFirst()))
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
