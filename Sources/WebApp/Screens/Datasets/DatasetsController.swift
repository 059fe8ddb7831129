import Catalog
import Foundation
import MadoguchiCore
import Plot
import Vapor

/// The public open-data catalogue, on CKAN's URL pattern so harvesters find what they expect:
///
/// - `GET /{code}/dataset?q=&tags=&organization=&res_format=&license_id=&page=`: search with facets
/// - `GET /{code}/dataset/{name}`: one dataset with its resources, openness stars, downloads and a CSV preview
/// - `GET /{code}/dataset/{name}.ttl`, `.jsonld`: the dataset in DCAT
/// - `GET /{code}/dataset/{id}/resource/{rid}/download/{file}`: the file (counted)
/// - `GET /{code}/catalog.ttl`, `/catalog.jsonld?page=`: the catalogue in DCAT (100 datasets a page)
struct DatasetsController: RouteCollection {
    static let pageSize = 20
    /// Result pages of the HTML search (20 a page); further pages show the last one.
    static let page = IntegerParameter("page", in: 1...500, clampingAbove: true)
    /// Pages of the DCAT catalogue (100 datasets each).
    static let catalogPage = IntegerParameter("page", in: 1...10_000)
    /// Rows of a CSV shown in the preview table.
    static let previewRows = 10

    func boot(routes: any RoutesBuilder) throws {
        routes.get("dataset", use: search).publicRead()
        routes.get("dataset", ":name", use: show).publicRead()
        routes.get("dataset", ":name", "resource", ":resource", "download", ":file", use: download)
        routes.get("catalog.ttl", use: catalogTurtle).publicRead()
        routes.get("catalog.jsonld", use: catalogJSONLD).publicRead()
    }

    func search(req: Request) async throws -> Response {
        let context = req.pageContext()
        let text = String((try req.query(TextParameter("q", maxLength: SearchLimits.maxTextLength * 16)) ?? "").prefix(SearchLimits.maxTextLength))
        var filters: [FacetFilter] = []
        for field in SearchQuery.facetableFields {
            if let value = try req.query(TextParameter(field, maxLength: 200)), !value.isEmpty { filters.append(FacetFilter(field: field, value: value)) }
        }
        let page = try req.query(Self.page, default: 1)
        let query = SearchQuery(text: text.isEmpty ? "*:*" : text, filters: filters, sort: .relevance, rows: Self.pageSize,
                                start: (page - 1) * Self.pageSize, facetFields: ["organization", "groups", "tags", "res_format", "license_id"],
                                facetLimit: 10)
        let result = try await req.ckanReadModel().search(query)
        return DatasetsPage.search(.init(text: text, filters: filters, page: page, count: result.count, packages: result.packages, facets: result.facets),
                                   context: context).response()
    }

    func show(req: Request) async throws -> Response {
        var name = try TextParameter("name", maxLength: 200).parse(req.parameters.get("name")) ?? ""
        let format: String? = name.hasSuffix(".ttl") ? "ttl" : name.hasSuffix(".jsonld") ? "jsonld" : nil
        if let format { name = String(name.dropLast(format.count + 1)) }
        let catalog = try req.ckanReadModel()
        guard let dataset = try await catalog.dataset(name, includeDrafts: false) else { throw WebError.notFound }
        if let format {
            let package = try await catalog.package(dataset)
            return try rdf(format == "ttl" ? dcat(req).datasetTurtle(package) : dcat(req).datasetJSONLD(package), format: format)
        }
        let page = try await catalog.datasetPage(dataset, blobs: req.madoguchi.blobs, previewRows: Self.previewRows)
        return DatasetsPage.dataset(page, context: req.pageContext()).response()
    }

    func download(req: Request) async throws -> Response {
        guard let datasetID = req.parameters.get("name").flatMap(UUID.init(uuidString:)),
              let resourceID = req.parameters.get("resource").flatMap(UUID.init(uuidString:)),
              let resource = try await req.ckanReadModel().publishedFile(dataset: datasetID, resource: resourceID),
              let hash = resource.sha256 else { throw WebError.notFound }
        let blobs = req.madoguchi.blobs
        guard let blob = try await blobs.reference(hash) else { throw BlobStoreError.notFound }
        try await DownloadCounter.record(resource: resource, client: req.downloadClientKey, olderClients: req.olderDownloadClientKeys, on: req.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: resource.mimeType ?? "application/octet-stream")
        headers.contentDisposition = .init(.attachment, filename: resource.fileName ?? "download")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return .blob(blob, from: blobs, headers: headers)
    }

    func catalogTurtle(req: Request) async throws -> Response { try await catalogRDF(req, format: "ttl") }
    func catalogJSONLD(req: Request) async throws -> Response { try await catalogRDF(req, format: "jsonld") }

    private func catalogRDF(_ req: Request, format: String) async throws -> Response {
        let catalog = try req.ckanReadModel()
        let page = try req.query(Self.catalogPage, default: 1)
        let total = try await catalog.publishedCount()
        let packages = try await catalog.publishedPackages(limit: DCATSerializer.pageSize, offset: (page - 1) * DCATSerializer.pageSize)
        let serializer = try dcat(req)
        let dates = try await catalog.publishedDates()
        let pageInfo = DCATSerializer.Page(number: page, totalItems: total, issued: dates.issued, modified: dates.modified)
        return rdf(format == "ttl" ? serializer.catalogTurtle(packages, page: pageInfo) : serializer.catalogJSONLD(packages, page: pageInfo), format: format)
    }

    private func dcat(_ req: Request) throws -> DCATSerializer {
        let municipality = try req.municipality
        return DCATSerializer(siteURL: try req.ckanSiteURL(), catalogTitle: "\(municipality.name) オープンデータカタログ",
                              publisherName: municipality.name)
    }

    private func rdf(_ text: String, format: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: format == "ttl" ? "text/turtle; charset=utf-8" : "application/ld+json")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
