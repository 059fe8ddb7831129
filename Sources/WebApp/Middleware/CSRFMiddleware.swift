import Crypto
import MadoguchiCore
import Vapor

/// CSRF protection for every state-changing form, without server-side state for visitors.
///
/// A form token is an HMAC-SHA256, under a key every instance derives from the field-encryption
/// key ring (HKDF), of what binds it to one browser: for a signed-in member, the session id; for
/// anyone else (public forms, the sign-in form), a random value in the `madoguchi_csrf` cookie
/// (signed double-submit). The token comes back in the `_csrf` field (or `X-CSRF-Token` header)
/// and is compared in constant time; a visitor's first form page sets the cookie, no row is stored.
/// A token signed under another key still in the ring is accepted, so a field-key rotation does not
/// refuse the forms residents have open.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"
    static let cookieName = "madoguchi_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            // Read the body within the size limit first: an oversized body is a 413, not a bad token. A
            // route's upload-sized limit is for signed-in staff only (such routes stream their body);
            // without a staff session the body is read within the default limit, before anything else.
            let small = request.application.routes.defaultMaxBodySize.value
            let routeLimit = request.route?.userInfo[RouteInfo.maxBodyBytes] as? Int ?? small
            let limit = request.staffSession == nil ? min(routeLimit, small) : routeLimit
            _ = try await request.body.collect(max: limit).get()
            // The form's fields are decoded once for the request (`postedFields`); the handler reads the same.
            let sent = (try? request.postedFields())?[Self.fieldName] ?? (try? request.content.get(String.self, at: Self.fieldName))
                ?? request.headers.first(name: "X-CSRF-Token")
            guard let sent, Self.acceptedTokens(for: request).contains(where: { SecretToken.equal($0, sent) }) else {
                request.logger.notice("csrf token rejected")
                throw WebError.csrf
            }
        }
        return try await next.respond(to: request)
    }

    /// The token for this request's forms; for a visitor without the cookie, a new random value
    /// is chosen and `CSRFCookieMiddleware` sets it on the response.
    static func token(for request: Request) -> String {
        // The page now holds this browser's token: it must never be served to anyone else.
        request.storage[FormTokenIssuedKey.self] = true
        if let expected = expectedToken(for: request) { return expected }
        let seed = SessionToken.random()
        request.storage[MintedSeedKey.self] = seed
        return sign(kind: "visitor", binding: seed, request: request)
    }

    /// The token a form posted with this request must carry; nil when nothing binds one.
    static func expectedToken(for request: Request) -> String? {
        if let session = request.staffSession { return sign(kind: "session", binding: session.token, request: request) }
        if let seed = request.storage[MintedSeedKey.self] ?? validSeed(request.cookies[SessionToken.name(cookieName, request.madoguchi.configuration)]?.string) {
            return sign(kind: "visitor", binding: seed, request: request)
        }
        return nil
    }

    /// The tokens a post may carry: this binding signed under the current key, or under another key
    /// of the ring, so a form served before a key change (or by an instance still on the old ring)
    /// still posts after it; none when nothing binds one.
    static func acceptedTokens(for request: Request) -> [String] {
        guard let expected = expectedToken(for: request), let message = request.storage[SignedTokenKey.self]?.message else { return [] }
        return [expected] + request.olderServerKeys("csrf-token-v1").map { SecretToken.keyedHash(message, key: $0) }
    }

    private static func validSeed(_ value: String?) -> String? {
        guard let value, (32...64).contains(value.count) else { return nil }
        return value
    }

    /// The token for `binding`, computed once per request: the check, the browser proof and the page's
    /// forms all ask for it. Kept with what it was computed for, so a request whose binding changes
    /// (a sign-in, a newly minted seed) gets the new binding's token, never a stale one.
    private static func sign(kind: String, binding: String, request: Request) -> String {
        let message = "madoguchi-csrf-v1|\(kind)|\(binding)"
        if let signed = request.storage[SignedTokenKey.self], signed.message == message { return signed.token }
        let token = SecretToken.keyedHash(message, key: request.serverKey("csrf-token-v1"))
        request.storage[SignedTokenKey.self] = (message, token)
        return token
    }

    private struct SignedTokenKey: StorageKey { typealias Value = (message: String, token: String) }
    struct MintedSeedKey: StorageKey { typealias Value = String }
    /// Set once a page has been given this browser's form token (`PublicPageCacheMiddleware` keeps no such page).
    struct FormTokenIssuedKey: StorageKey { typealias Value = Bool }
}

/// Sets the `madoguchi_csrf` cookie when a page minted a visitor's CSRF value (global, because a
/// form can be rendered by a route outside `CSRFMiddleware`, e.g. a form pre-filled by the navigator).
struct CSRFCookieMiddleware: AsyncMiddleware {
    let secure: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if let seed = request.storage[CSRFMiddleware.MintedSeedKey.self] {
            let name = SessionToken.name(CSRFMiddleware.cookieName, request.madoguchi.configuration)
            response.cookies[name] = HTTPCookies.Value(string: seed, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
