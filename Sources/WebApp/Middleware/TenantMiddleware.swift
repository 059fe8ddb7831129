import FluentKit
import MadoguchiCore
import Vapor

/// Resolves the municipality from the first path segment (`/132152/…`, the 全国地方公共団体コード).
/// A path prefix works behind any host name and keeps one deployment able to serve many cities.
struct TenantMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let code = request.parameters.get("municipality"), MunicipalityCode.isValid(code),
              let municipality = try await Municipality.query(on: request.db).filter(\.$code == code).first()
        else { throw WebError.unknownMunicipality }
        request.setMunicipality(municipality)
        return try await next.respond(to: request)
    }
}
