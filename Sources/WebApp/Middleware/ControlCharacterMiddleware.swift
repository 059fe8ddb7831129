import Vapor

/// Refuses, with 400, any request whose path or query string holds a control character once
/// percent-decoded (`%00`, `%01`…): no page or API has a use for one, and a NUL byte reaching
/// PostgreSQL is a server error. Bodies are checked where they are read (`TextParameter`,
/// `CKANParams`).
struct ControlCharacterMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if Self.hasControlCharacter(request.url.path) || request.url.query.map(Self.hasControlCharacter) == true {
            throw Abort(.badRequest)
        }
        return try await next.respond(to: request)
    }

    static func hasControlCharacter(_ text: String) -> Bool {
        let decoded = text.removingPercentEncoding ?? text
        return decoded.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
