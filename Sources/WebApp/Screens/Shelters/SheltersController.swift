import MadoguchiCore
import Shelters
import Vapor

/// `/{code}/shelters`: the shelters' live status for residents, big and plain, by area; the same
/// data as open data.
///
/// - `GET /shelters`: the list (HTML)
/// - `GET /shelters.json`, `/shelters.geojson`, `/shelters.csv`: the same, machine-readable
///
/// Every answer is public and kept by the front's page cache; a staff report empties the cache on
/// every instance (within `MADOGUCHI_PAGE_CACHE_SYNC`, 1 s), so a night of refreshes does not reach the database.
struct SheltersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("shelters", use: page).publicRead()
        routes.get("shelters.json", use: json).publicRead()
        routes.get("shelters.geojson", use: geoJSON).publicRead()
        routes.get("shelters.csv", use: csv).publicRead()
    }

    private func shelters(_ req: Request) async throws -> [Shelter] {
        try await req.madoguchi.shelterQueries.list(municipalityID: req.municipality.requireID(), on: req.db)
    }

    func page(req: Request) async throws -> Response {
        SheltersPage.render(shelters: try await shelters(req), context: req.pageContext()).response()
    }

    func json(req: Request) async throws -> Response {
        let data = try ShelterExports.json(try await shelters(req), municipalityCode: try req.municipality.code, generatedAt: Date())
        return Self.data(data, type: HTTPMediaType(type: "application", subType: "json", parameters: ["charset": "utf-8"]))
    }

    func geoJSON(req: Request) async throws -> Response {
        Self.data(try ShelterExports.geoJSON(try await shelters(req)), type: HTTPMediaType(type: "application", subType: "geo+json"))
    }

    func csv(req: Request) async throws -> Response {
        let response = Self.data(Data(ShelterExports.csv(try await shelters(req)).utf8),
                                 type: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]))
        response.headers.contentDisposition = .init(.attachment, filename: "\(try req.municipality.code)_shelter_status.csv")
        return response
    }

    private static func data(_ data: Data, type: HTTPMediaType) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
