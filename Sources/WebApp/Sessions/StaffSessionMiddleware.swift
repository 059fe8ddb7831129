import MadoguchiCore
import Vapor

/// Resumes a staff session from its cookie (only a hash of the cookie is looked up) and writes the
/// cookie changes sign-in and sign-out make. A request without a cookie never creates a row, and a
/// cookie for an expired or unknown session is cleared. Replaces Vapor's session middleware.
struct StaffSessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var staleCookie = false
        let configuration = request.madoguchi.configuration
        let name = SessionToken.name(SessionToken.cookieName, configuration)
        if let token = request.cookies[name]?.string, !token.isEmpty {
            if token.count <= 128,
               let session = try await request.staffSessions.resume(tokenHash: SessionToken.hash(token), on: request.db) {
                request.staffSession = .init(token: token, staffID: session.staffID)
            } else {
                staleCookie = true
            }
        }
        let response = try await next.respond(to: request)
        switch request.sessionCookieChange {
        case .set(let token):
            response.cookies[name] = Self.cookie(token, configuration: configuration)
        case .clear:
            response.cookies[name] = Self.expired(configuration)
        case nil:
            if staleCookie { response.cookies[name] = Self.expired(configuration) }
        }
        return response
    }

    /// A session cookie: no Max-Age (the server decides when the session ends), HttpOnly, SameSite=Lax.
    static func cookie(_ value: String, configuration: Configuration) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, path: "/", isSecure: configuration.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(_ configuration: Configuration) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                          isSecure: configuration.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}
