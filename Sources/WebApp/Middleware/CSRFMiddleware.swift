import Crypto
import Vapor

/// Synchroniser-token CSRF protection for every state-changing form: the token lives in the
/// session and must come back in the `_csrf` field (or `X-CSRF-Token` header).
struct CSRFMiddleware: AsyncMiddleware {
    static let sessionKey = "csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            // Read the body within the size limit first: an oversized body is a 413, not a bad token.
            let limit = request.route?.userInfo[RouteInfo.maxBodyBytes] as? Int ?? request.application.routes.defaultMaxBodySize.value
            _ = try await request.body.collect(max: limit).get()
            let sent = (try? request.content.get(String.self, at: Self.fieldName)) ?? request.headers.first(name: "X-CSRF-Token")
            guard let expected = request.session.data[Self.sessionKey], let sent,
                  Self.constantTimeEqual(Array(expected.utf8), Array(sent.utf8)) else {
                request.logger.notice("csrf token rejected")
                throw WebError.csrf
            }
        }
        return try await next.respond(to: request)
    }

    /// The session's token, created on first use.
    static func token(for request: Request) -> String {
        if let token = request.session.data[sessionKey] { return token }
        let token = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64URLEncoded
        request.session.data[sessionKey] = token
        return token
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Data {
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
