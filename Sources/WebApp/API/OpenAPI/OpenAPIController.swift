import Foundation
import MadoguchiCore
import Vapor

/// `GET /openapi.json`: the OpenAPI 3.1 document of the JSON APIs (the CKAN actions and the
/// life-event API), written by hand in `Resources/OpenAPI/openapi.json` and checked against the
/// running server by schemathesis (`OpenAPITests`). Served with this deployment's public URL as
/// its server and the municipalities it serves as the values of `{municipality}`.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.json", use: document).publicRead()
    }

    /// The shipped document, read once.
    static let template: Data? = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "OpenAPI")
        .flatMap { try? Data(contentsOf: $0) }

    func document(req: Request) async throws -> Response {
        guard let template = Self.template, var document = try JSONSerialization.jsonObject(with: template) as? [String: Any] else {
            throw Abort(.internalServerError)
        }
        document["servers"] = [["url": req.madoguchi.configuration.publicURL]]
        let codes = try await req.madoguchi.municipalities.all(on: req.db).map(\.code)
        if var components = document["components"] as? [String: Any], var parameters = components["parameters"] as? [String: Any],
           var municipality = parameters["municipality"] as? [String: Any], var schema = municipality["schema"] as? [String: Any] {
            schema["enum"] = codes
            municipality["schema"] = schema
            parameters["municipality"] = municipality
            components["parameters"] = parameters
            document["components"] = components
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
