import Catalog
import Foundation
import MadoguchiCore
import Vapor

/// CKAN Action API v3 at `/{code}/api/3/action/{action}` and `/{code}/api/action/{action}`, so a
/// CKAN client or harvester uses `http(s)://host/{code}` as the catalogue's base URL.
///
/// Read actions are public (published datasets only). Write actions need an API token
/// (`/{code}/staff/api-tokens`) in the `Authorization` header, read by `APITokenMiddleware`, and act
/// with its owner's roles; every change is audited through the catalogue's commands, and publishing
/// runs the personal-information guard. The actions themselves are `CKANAction` (reads) and
/// `CKANAction+Writes.swift`; every read goes through `Catalog.CKANReadModel`.
struct CKANActionController: RouteCollection {
    /// The largest upload, for `uploadActions` once their API token is checked.
    static let maxBodyBytes = 20 * 1024 * 1024
    /// The only actions that take a large body (a file); every other action, and every anonymous
    /// request, has the small default (`MADOGUCHI_MAX_BODY_BYTES`).
    static let uploadActions: Set<String> = ["resource_create"]

    func boot(routes: any RoutesBuilder) throws {
        let authenticated = routes.grouped(APITokenMiddleware())
        for prefix in [["api", "3", "action"], ["api", "action"]] {
            let group = authenticated.grouped(prefix.map { PathComponent(stringLiteral: $0) })
            group.on(.GET, ":action", use: handle).publicRead()
            // Streamed: the body is collected in `handle`, within the limit the action and its token allow.
            group.on(.POST, ":action", body: .stream, use: handle)
        }
    }

    func handle(req: Request) async throws -> Response {
        let action = req.parameters.get("action") ?? ""
        let base = try req.ckanSiteURL()
        do {
            let catalog = try req.ckanReadModel()
            if req.method == .POST { try await collectBody(req, action: action, catalog: catalog, base: base) }
            let params = try CKANParams.read(req)
            let context = CKANAction(req: req, params: params, catalog: catalog, action: action, base: base)
            return try await context.run()
        } catch let error as CKANFailure {
            return CKANResponse.error(error.kind, error.message, fields: error.fields, action: action, base: base)
        } catch CKANParamError.tooLarge(let limit) {
            let response = CKANResponse.error(.validation, "Request body too large (limit \(limit) bytes)", action: action, base: base)
            response.status = .payloadTooLarge
            return response
        } catch CKANParamError.badJSON {
            return CKANResponse.error(.validation, "Bad request - JSON Error: the body is not a JSON object", action: action, base: base)
        } catch let error as ParameterError {
            let field = error.field ?? "parameter"
            return CKANResponse.error(.validation, error.message.en, fields: [field: [error.message.en]], action: action, base: base)
        } catch let refusal as APITokens.Refusal {
            return Self.refused(refusal, action: action, base: base)
        } catch let error as CatalogError {
            if error.kind == .notFound { return CKANResponse.error(.notFound, error.message.en, action: action, base: base) }
            var fields: [String: [String]] = [:]
            for p in error.problems { fields[p.field, default: []].append(p.message.en + "（" + p.message.ja + "）") }
            // A single-field error (a bad sort, fq or facet.field) names its field, as CKAN's Validation Error does.
            if fields.isEmpty, let field = error.field { fields[field] = [error.message.en + "（" + error.message.ja + "）"] }
            return CKANResponse.error(.validation, error.message.en, fields: fields, action: action, base: base)
        }
    }

    /// A token refused by `APITokenMiddleware`, as CKAN answers: 403 Authorization Error, but 401 for
    /// an expired token (the client needs a new one).
    static func refused(_ refusal: APITokens.Refusal, action: String, base: String) -> Response {
        switch refusal {
        case .missing:
            return CKANResponse.error(.authorization, "Access denied: an API token is required in the Authorization header", action: action, base: base)
        case .invalid:
            return CKANResponse.error(.authorization, "Access denied: the API token is not valid for this catalogue", action: action, base: base)
        case .expired:
            let response = CKANResponse.error(.authorization, "Access denied: the API token has expired", action: action, base: base)
            response.status = .unauthorized
            return response
        }
    }
}

extension CKANActionController {
    /// Reads a POST body within its limit: the default for every action, the upload limit only for
    /// `uploadActions` and only after the API token and its permission are checked, so an anonymous
    /// client can never make the server buffer more than the small default.
    func collectBody(_ req: Request, action: String, catalog: CKANReadModel, base: String) async throws {
        var limit = req.application.routes.defaultMaxBodySize.value
        if Self.uploadActions.contains(action) {
            let gate = CKANAction(req: req, params: CKANParams(values: [:]), catalog: catalog, action: action, base: base)
            _ = try gate.require(CatalogPermission.editDatasets)
            limit = Self.maxBodyBytes
        }
        if let length = req.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
            throw CKANParamError.tooLarge(limit)
        }
        let body: ByteBuffer?
        do {
            body = try await req.body.collect(max: limit).get()
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            throw CKANParamError.tooLarge(limit)
        }
        // A body handed over whole (as in tests) is not checked by `collect`.
        if let body, body.readableBytes > limit { throw CKANParamError.tooLarge(limit) }
    }
}
