import Vapor

/// Gives each request an id (the caller's `X-Request-Id` when it is a plain token of at most 64
/// characters `A-Z a-z 0-9 . _ -`, otherwise a new one), puts it in the request's log metadata
/// and echoes it in the response. Vapor's own `request.id` is the raw header, so it is never used.
struct RequestIDMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let incoming = request.headers[.xRequestId]
        let id: String
        if incoming.count == 1, let incoming = incoming.first, Self.isPlainToken(incoming) {
            id = incoming
        } else {
            id = UUID().uuidString
        }
        request.storage[RequestIDKey.self] = id
        request.logger[metadataKey: "request-id"] = .string(id)
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Request-Id", value: id)
        return response
    }

    static func isPlainToken(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }
}
