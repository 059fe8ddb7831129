import MadoguchiCore
import Vapor

/// `/healthz` for load balancers, `/metrics` for Prometheus, `/static/*` for the stylesheet.
struct OperationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("metrics", use: metrics)
        routes.get("static", ":file", use: staticFile).publicRead()
    }

    struct Health: Content {
        let status: String
        let database: String
    }

    /// 200 when the database answers, 503 otherwise.
    func health(req: Request) async throws -> Response {
        let databaseOK = await req.db.answers()
        let response = Response(status: databaseOK ? .ok : .serviceUnavailable)
        try response.content.encode(Health(status: databaseOK ? "ok" : "degraded", database: databaseOK ? "ok" : "unreachable"))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func metrics(req: Request) async throws -> Response {
        if let token = req.madoguchi.configuration.metricsToken {
            guard let bearer = req.headers.bearerAuthorization,
                  SecretToken.equal(bearer.token, token) else {
                throw Abort(.unauthorized)
            }
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: req.madoguchi.metrics.emitToString()))
    }

    /// Files shipped in the WebApp bundle's Public folder; names are looked up, never joined as paths.
    func staticFile(req: Request) async throws -> Response {
        guard let name = req.parameters.get("file"), let asset = StaticAssets.all[name] else { throw Abort(.notFound) }
        var headers = HTTPHeaders()
        headers.contentType = asset.type
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(data: asset.data))
    }
}

/// The static files, read once from the bundle.
enum StaticAssets {
    struct Asset: Sendable {
        let data: Data
        let type: HTTPMediaType
    }

    static let all: [String: Asset] = {
        var assets: [String: Asset] = [:]
        guard let folder = Bundle.module.url(forResource: "Public", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return assets }
        for name in names {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            let ext = (name as NSString).pathExtension
            assets[name] = Asset(data: data, type: HTTPMediaType.fileExtension(ext) ?? .binary)
        }
        return assets
    }()
}
