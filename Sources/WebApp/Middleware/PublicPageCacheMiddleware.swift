import MadoguchiCore
import NIOCore
import Vapor

/// Fills and empties `PublicPageCache` (the front server reads it). Runs first, so it sees each
/// answer as it leaves, with every header the other middleware adds.
///
/// - **Fill.** A `200` answer to a plain `GET` on a route marked `publicRead()`, which the front
///   could answer from the cache (`FrontServer.cacheTargetHeader`), is stored, unless
///   the request or the answer is anyone's own: a form token was issued for the page, a staff
///   member is signed in or an API token authenticated, the request carries credentials, a range or
///   a condition, or the answer sets a cookie, varies, streams, or says `private`. Likewise a `200`
///   answer to a `POST` on a route marked `publicComputed()` that the front read whole and keyed
///   (`FrontComputedKey`: the body's SHA-256, the language, the day): the same screen posted again
///   with the same bytes on the same day is then answered by the front, and a surge of the same
///   post computes it once.
/// - **Empty.** After any successful write by a signed-in member or an API token's owner (the only
///   people who can change what the public sees), every cached page is dropped here at once, and
///   `PublicContentVersion` moves so that every other instance drops its own within a second
///   (`PublicPageCacheSync`). Residents' own writes (applications, navigator steps, disclosure
///   requests) change no public page and leave the cache alone, so no anonymous request can empty it.
struct PublicPageCacheMiddleware: AsyncMiddleware {
    let cache: PublicPageCache
    let fills = PageFills()

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch request.method {
        case .GET:
            guard cache.enabled, let key = Self.requestKey(request) else { return try await next.respond(to: request) }
            return try await read(key, request: request, next: next)
        case .HEAD, .OPTIONS, .TRACE:
            return try await next.respond(to: request)
        case .POST where cache.enabled:
            if let key = Self.computedKey(request) { return try await read(key, request: request, next: next) }
            return try await write(request, next: next)
        default:
            return try await write(request, next: next)
        }
    }

    /// A write: after a signed-in member's or a token owner's success, every page is dropped.
    private func write(_ request: Request, next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if response.status.code < 400, Self.isSignedIn(request) {
            cache.invalidate()
            do {
                try await PublicContentVersion.bump(on: request.db)
            } catch {
                request.logger.error("public content version not moved: other instances keep their pages until they expire",
                                     metadata: ["error": .string(String(describing: type(of: error)))])
            }
        }
        return response
    }

    /// A page the front may cache. While one request makes it, the others for the same page wait for
    /// that one instead of making it again (after an invalidation, a surge costs one rendering, not
    /// one per waiting resident); if its answer cannot be shared, each makes its own.
    private func read(_ key: PublicPageCache.Key, request: Request, next: any AsyncResponder) async throws -> Response {
        guard fills.lead(key) else {
            if let shared = await fills.wait(for: key) {
                var headers = shared.headers
                headers.remove(name: "X-Request-Id")  // the leader's
                return Response(status: .ok, headers: headers, body: .init(buffer: shared.body))
            }
            return try await next.respond(to: request)
        }
        let generation = cache.generation
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            fills.finish(key, with: nil)
            throw error
        }
        var shared: PageFills.Shared?
        if Self.isStorable(response, to: request), let page = Self.page(of: response) {
            cache.store(page, for: key, madeIn: generation)
            shared = PageFills.Shared(headers: response.headers, body: page.body)
        }
        fills.finish(key, with: shared)
        return response
    }

    /// The key of a request the front could answer from the cache (it named the target) on a route
    /// marked `publicRead()`, with nothing of its own in its headers; nil otherwise.
    static func requestKey(_ request: Request) -> PublicPageCache.Key? {
        guard request.route?.userInfo[RouteInfo.publicRead] as? Bool == true, let target = frontTarget(of: request),
              !request.headers.contains(where: { personalRequestHeaders.contains($0.name.lowercased()) })
        else { return nil }
        return PublicPageCache.Key(target: target, language: request.language)
    }

    /// The key of a `POST` on a route marked `publicComputed()` that the front read whole and named
    /// (`FrontComputedKey`: body hash, language, day), with nothing of its own in its headers; nil
    /// otherwise. The route computes the page for the key's day (`Request.serviceToday`).
    static func computedKey(_ request: Request) -> PublicPageCache.Key? {
        guard request.route?.userInfo[RouteInfo.publicComputed] as? Bool == true,
              let key = request.storage[FrontComputedKey.self], key.posted != nil, !isSignedIn(request),
              !request.headers.contains(where: { personalRequestHeaders.contains($0.name.lowercased()) })
        else { return nil }
        return key
    }

    /// Whether an answer may be kept: a `200` that is nobody's own.
    static func isStorable(_ response: Response, to request: Request) -> Bool {
        guard response.status == .ok, request.storage[CSRFMiddleware.FormTokenIssuedKey.self] == nil, !isSignedIn(request),
              !response.headers.contains(name: .setCookie), !response.headers.contains(name: .vary)
        else { return false }
        // `no-store` is for browsers and shared caches (every page says it, so nothing lingers on a
        // shared device); this cache is the origin's own. `private` marks an answer for one person.
        let cacheControl = response.headers[.cacheControl].joined(separator: ",").lowercased()
        return !cacheControl.contains("private")
    }

    /// The target the front would look this request up under: set only by `FrontServer` (it drops a
    /// client's copy), on requests it may answer from the cache: in the request's storage when the
    /// front answers it itself, in a header believed only from its socket when it relays it.
    static func frontTarget(of request: Request) -> String? {
        if let target = request.storage[FrontCacheTargetKey.self] { return target }
        guard case .unixDomainSocket = request.remoteAddress else { return nil }
        return request.headers.first(name: FrontServer.cacheTargetHeader)
    }

    /// Headers that make a request someone's own, or ask for a part or a condition of a page.
    static let personalRequestHeaders: Set<String> = [
        "authorization", "x-ckan-api-key", "range", "if-none-match", "if-modified-since", "if-match",
        "if-unmodified-since", "if-range",
    ]

    static func isSignedIn(_ request: Request) -> Bool {
        if request.staff != nil || request.staffSession != nil { return true }
        if case .owner = request.storage[APITokenAuthenticationKey.self] { return true }
        return false
    }

    /// The answer as the front writes it: status line and headers up to the `Date` header (added
    /// when served), and the body; nil for a streamed body or a header that could not be written
    /// safely.
    static func page(of response: Response) -> PublicPageCache.Page? {
        guard let body = response.body.buffer else { return nil }
        var head = "HTTP/1.1 200 OK\r\n"
        for (name, value) in response.headers {
            if droppedAnswerHeaders.contains(name.lowercased()) { continue }
            guard !name.contains(where: \.isNewline), !value.contains(where: \.isNewline) else { return nil }
            head += "\(name): \(value)\r\n"
        }
        head += "content-length: \(body.readableBytes)\r\n"
        return PublicPageCache.Page(head: ByteBuffer(string: head), body: body)
    }

    /// Headers that belong to one answer, not to the page: the front writes its own.
    static let droppedAnswerHeaders: Set<String> = [
        "date", "connection", "keep-alive", "content-length", "transfer-encoding", "x-request-id",
    ]
}
