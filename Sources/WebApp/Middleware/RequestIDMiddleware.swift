import Vapor

/// Gives each request an id (the caller's `X-Request-Id` when it is a plain token, otherwise a new
/// one), puts it in the request's log metadata and echoes it in the response.
struct RequestIDMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let incoming = request.headers.first(name: "X-Request-Id")
        let id: String
        if let incoming, (1...64).contains(incoming.count),
           incoming.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }) {
            id = incoming
        } else {
            id = request.id
        }
        request.storage[RequestIDKey.self] = id
        request.logger[metadataKey: "request-id"] = .string(id)
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Request-Id", value: id)
        return response
    }
}
