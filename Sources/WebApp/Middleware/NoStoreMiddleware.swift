import Vapor

/// `Cache-Control: no-store` on every response of the staff area: pages, and every download
/// (applications.csv, audit.csv, attachments, counter printouts…) carry personal data, and no
/// browser cache, proxy or shared computer should keep a copy. One middleware on the staff route
/// group, so a new staff route is covered without anyone remembering it.
struct NoStoreMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: .pragma, value: "no-cache")
        return response
    }
}
