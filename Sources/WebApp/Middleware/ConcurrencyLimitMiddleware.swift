import Synchronization
import Vapor

/// Bounds the requests worked on at once (`Configuration.Connections.maxConcurrentRequests`): the
/// request over the limit gets 503 with `Retry-After: 1` at once, so a flood cannot queue unbounded work
/// (database connections, memory) behind the residents already being served. `/healthz` is exempt so a
/// load balancer can still tell a busy instance from a dead one.
final class ConcurrencyLimitMiddleware: AsyncMiddleware {
    let limit: Int
    private let inFlight = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.url.path == "/healthz" { return try await next.respond(to: request) }
        let now = inFlight.wrappingAdd(1, ordering: .relaxed).newValue
        defer { inFlight.wrappingSubtract(1, ordering: .relaxed) }
        guard now <= limit else {
            request.logger.warning("request refused: \(now - 1) requests already in flight (limit \(limit))")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .retryAfter, value: "1")
            headers.contentType = .plainText
            return Response(status: .serviceUnavailable, headers: headers, body: .init(string: "混み合っています。少し待ってからもう一度お試しください。 / Busy: please retry in a moment.\n"))
        }
        return try await next.respond(to: request)
    }
}
