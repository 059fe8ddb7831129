import Catalog
import MadoguchiCore
import Vapor

/// Authenticates machine clients of the CKAN API: reads the token from `Authorization` (CKAN's raw
/// token, or `Bearer <token>`) or `X-CKAN-API-Key`, checks it (`APITokens.owner`: this
/// municipality's, not expired, owner active) and stores the outcome on the request. It never
/// answers by itself: an action that needs the owner reads `Request.apiTokenOwner(required:)`, so
/// the refusal comes back in CKAN's error envelope, and read actions that need no token ignore it.
/// Runs after `TenantMiddleware` (the token must belong to the municipality in the path).
struct APITokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.storage[APITokenAuthenticationKey.self] = try await Self.authenticate(request)
        return try await next.respond(to: request)
    }

    static func authenticate(_ request: Request) async throws -> APITokenAuthentication {
        guard let token = token(in: request.headers) else { return .anonymous }
        do {
            return .owner(try await APITokens.owner(of: token, municipalityID: try request.municipality.requireID(), on: request.db))
        } catch let refusal as APITokens.Refusal {
            return .refused(refusal)
        }
    }

    /// The token as sent, without a `Bearer ` prefix; nil when there is none.
    static func token(in headers: HTTPHeaders) -> String? {
        let header = headers.first(name: .authorization) ?? headers.first(name: "X-CKAN-API-Key")
        guard var token = header?.trimmingCharacters(in: .whitespaces), !token.isEmpty else { return nil }
        if token.lowercased().hasPrefix("bearer ") { token = String(token.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        return token.isEmpty ? nil : token
    }
}

/// What `APITokenMiddleware` found.
enum APITokenAuthentication: Sendable {
    /// No token was sent.
    case anonymous
    case owner(Staff)
    case refused(APITokens.Refusal)
}

struct APITokenAuthenticationKey: StorageKey {
    typealias Value = APITokenAuthentication
}

extension Request {
    /// The API token's owner as `APITokenMiddleware` authenticated it: nil without a token (or
    /// `APITokens.Refusal.missing` when `required`), the refusal for a token that was refused.
    func apiTokenOwner(required: Bool) throws(APITokens.Refusal) -> Staff? {
        switch storage[APITokenAuthenticationKey.self] ?? .anonymous {
        case .anonymous:
            if required { throw .missing }
            return nil
        case .owner(let staff): return staff
        case .refused(let refusal): throw refusal
        }
    }
}
