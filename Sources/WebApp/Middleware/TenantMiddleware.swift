import FluentKit
import MadoguchiCore
import Vapor

/// Resolves the municipality from the first path segment (`/132152/…`, the 全国地方公共団体コード).
/// A path prefix works behind any host name and keeps one deployment able to serve many cities.
///
/// The row is read once and then answered from memory (`PublicLookupCache`, dropped with the cached
/// public pages on any staff write, here at once and on other instances within a second); each
/// request gets its own copy of the model, so nothing one handler does to it reaches another.
struct TenantMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let code = request.parameters.get("municipality"), MunicipalityCode.isValid(code),
              let municipality = try await Self.municipality(code: code, request: request)
        else { throw WebError.unknownMunicipality }
        request.setMunicipality(municipality)
        return try await next.respond(to: request)
    }

    private static func municipality(code: String, request: Request) async throws -> Municipality? {
        let db = request.db, municipalities = request.madoguchi.municipalities
        guard let lookups = request.application.publicLookups else { return try await municipalities.find(code: code, on: db) }
        return try await lookups.value(for: .municipality(code: code), as: Municipality.self) {
            try await municipalities.find(code: code, on: db)
        }.map(copy)
    }

    /// A copy of a stored municipality, marked as stored (as a row read from the database is).
    private static func copy(_ stored: Municipality) -> Municipality {
        let copy = Municipality()
        copy.id = stored.id
        copy.code = stored.code
        copy.name = stored.name
        copy.nameEnglish = stored.nameEnglish
        copy.prefecture = stored.prefecture
        copy.population = stored.population
        copy.fiscalYearStartMonth = stored.fiscalYearStartMonth
        copy.createdAt = stored.createdAt
        copy.$id.exists = true
        return copy
    }
}
