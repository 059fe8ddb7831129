import MadoguchiCore
import Vapor

/// Keys for `Route.userInfo`: every staff route records the permission it requires, so the
/// permission matrix can be listed and tested from the routes themselves.
enum RouteInfo {
    static let permission = "madoguchi.permission"
    /// A body limit larger than the default for this route (file uploads), as an Int of bytes.
    static let maxBodyBytes = "madoguchi.max-body-bytes"
}

extension RoutesBuilder {
    /// A staff route that only roles granting `permission` may use; the permission is both
    /// enforced (middleware) and recorded on the route (for the matrix test and documentation).
    @discardableResult
    func on(_ method: HTTPMethod, _ path: PathComponent..., requiring permission: Permission,
            body: HTTPBodyStreamStrategy = .collect,
            use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        let route = grouped(PermissionMiddleware(permission: permission)).on(method, path, body: body, use: handler)
        route.userInfo[RouteInfo.permission] = permission
        return route
    }
}

extension RouteInfo {
    /// A public page anyone may read: plain `GET` answers may be kept by `PublicPageCache`.
    static let publicRead = "madoguchi.public-read"
    /// A public screen computed from what is posted: `POST` answers may be kept by `PublicPageCache`.
    static let publicComputed = "madoguchi.public-computed"
}

extension Route {
    /// Marks a public page anyone may read without signing in; its plain `GET` answers may be kept
    /// by `PublicPageCache` (never when the request carries a form token, a session or an API token).
    @discardableResult
    func publicRead() -> Route {
        userInfo[RouteInfo.publicRead] = true
        return self
    }

    /// Marks a public screen that is a pure function of the request (its path, the bytes posted, the
    /// language and the day): its `200` answers to a `POST` the front read whole may be kept by
    /// `PublicPageCache` under a key holding a SHA-256 of the body (never for a signed-in request,
    /// one with credentials or a cookie other than the language and the form-token cookie, nor an
    /// answer holding a form token or setting a cookie). The handler must read the day from
    /// `Request.serviceToday` and nothing stored but public content that staff writes invalidate.
    @discardableResult
    func publicComputed() -> Route {
        userInfo[RouteInfo.publicComputed] = true
        return self
    }
}
