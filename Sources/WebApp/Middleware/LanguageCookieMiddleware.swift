import MadoguchiCore
import Vapor

/// Remembers a `?lang=` choice in a cookie, so the language sticks across pages without JavaScript.
struct LanguageCookieMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if let chosen = try? request.query.get(String.self, at: "lang"), let language = UILanguage(rawValue: chosen) {
            response.cookies["lang"] = HTTPCookies.Value(string: language.rawValue, maxAge: 365 * 86_400, path: "/",
                                                         isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
