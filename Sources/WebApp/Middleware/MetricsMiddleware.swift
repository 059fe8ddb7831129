import Prometheus
import Vapor

/// Counts requests and their durations by route pattern (never the raw path, which could carry
/// identifiers) and status class.
struct MetricsMiddleware: AsyncMiddleware {
    let registry: PrometheusCollectorRegistry

    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250),
                                      .milliseconds(1000), .milliseconds(5000)]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let labels = [("method", request.method.rawValue), ("route", route), ("status", "\(response.status.code / 100)xx")]
        registry.makeCounter(name: "madoguchi_http_requests_total", labels: labels).increment()
        registry.makeDurationHistogram(name: "madoguchi_http_request_duration_seconds",
                                       labels: [("method", request.method.rawValue), ("route", route)],
                                       buckets: Self.buckets).record(ContinuousClock.now - start)
        return response
    }
}
