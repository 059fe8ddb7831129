import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MadoguchiCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// How the front answers from `PublicPageCache`: which requests may be, under which key, and the
/// bytes it writes (the stored page with a fresh `Date`).
enum CachedAnswers {
    /// The key of a request the front may answer from the cache, or nil: only a plain HTTP/1.1 `GET`
    /// with no body, no credentials, no range or condition, no language choice in the query and at
    /// most one valid `lang` cookie, the way the application would read it.
    static func key(for head: HTTPRequestHead) -> PublicPageCache.Key? {
        guard head.method == .GET, head.version == .http1_1, head.uri.utf8.count <= maxTarget,
              head.uri.utf8.first == UInt8(ascii: "/") else { return nil }
        var language = UILanguage.ja
        var sawLanguage = false
        for (name, value) in head.headers {
            let lowered = name.lowercased()
            // Someone's own answer (credentials, a range, a condition): the same list the application
            // checks before it stores a page.
            if PublicPageCacheMiddleware.personalRequestHeaders.contains(lowered) { return nil }
            switch lowered {
            case "transfer-encoding", "upgrade", "expect":
                return nil
            case "content-length":
                if value != "0" { return nil }
            case "connection":
                let options = value.lowercased()
                if options.contains("close") || options.contains("upgrade") { return nil }
            case "cookie":
                for pair in value.split(separator: ";") {
                    let trimmed = pair.trimmingCharacters(in: .whitespaces)
                    guard trimmed.lowercased().contains("lang") else { continue }
                    guard trimmed.hasPrefix("lang=") else { return nil }
                    guard !sawLanguage, let chosen = UILanguage(rawValue: String(trimmed.dropFirst(5))) else { return nil }
                    language = chosen
                    sawLanguage = true
                }
            default:
                continue
            }
        }
        if let query = head.uri.firstIndex(of: "?"), head.uri[query...].lowercased().contains("lang") { return nil }
        return PublicPageCache.Key(target: head.uri, language: language)
    }

    /// The key of a `POST` read whole (`body`) that the front may answer from the cache, or nil: an
    /// HTTP/1.1 `POST` with one `Content-Type`, no credentials, range or condition, no language choice
    /// in the query, and no cookie but one valid `lang` and the form-token cookie (a staff session or
    /// any other cookie: never answered from or stored in the cache). Only routes marked
    /// `publicComputed()` ever store an answer under such a key; others simply never hit.
    static func postKey(for head: HTTPRequestHead, body: ByteBuffer?, day: Int) -> PublicPageCache.Key? {
        guard head.method == .POST, head.version == .http1_1 else { return nil }
        return postKey(target: head.uri, headers: head.headers, body: body, day: day)
    }

    /// `postKey(for:body:day:)` for a `POST` of HTTP/1.1 to `target` with `headers`.
    static func postKey(target: String, headers: HTTPHeaders, body: ByteBuffer?, day: Int) -> PublicPageCache.Key? {
        guard target.utf8.count <= maxTarget, target.utf8.first == UInt8(ascii: "/") else { return nil }
        var language = UILanguage.ja
        var sawLanguage = false
        var contentType: String?
        for (name, value) in headers {
            let lowered = name.lowercased()
            if PublicPageCacheMiddleware.personalRequestHeaders.contains(lowered) { return nil }
            switch lowered {
            case "transfer-encoding", "upgrade", "expect":
                return nil
            case "content-type":
                guard contentType == nil else { return nil }
                contentType = value
            case "connection":
                let options = value.lowercased()
                if options.contains("close") || options.contains("upgrade") { return nil }
            case "cookie":
                for pair in value.split(separator: ";") {
                    let trimmed = pair.trimmingCharacters(in: .whitespaces)
                    if trimmed.hasPrefix(CSRFMiddleware.cookieName + "=") || trimmed.hasPrefix("__Host-" + CSRFMiddleware.cookieName + "=") {
                        continue
                    }
                    guard trimmed.hasPrefix("lang="), !sawLanguage,
                          let chosen = UILanguage(rawValue: String(trimmed.dropFirst(5))) else { return nil }
                    language = chosen
                    sawLanguage = true
                }
            default:
                continue
            }
        }
        guard let contentType else { return nil }
        if let query = target.firstIndex(of: "?"), target[query...].lowercased().contains("lang") { return nil }
        return PublicPageCache.Key(target: target, language: language,
                                   posted: PublicPageCache.Posted(contentType: contentType, body: body, day: day))
    }

    /// Longer request targets are never cached.
    static let maxTarget = 2048

    /// Writes `page` to `channel`, with this second's `Date` header.
    static func write(_ page: PublicPageCache.Page, to channel: Channel) {
        channel.write(page.head, promise: nil)
        channel.write(HTTPDateLine.current(), promise: nil)
        channel.write(page.body, promise: nil)
    }
}

/// `date: <IMF-fixdate>` and the blank line that ends a head, made once a second.
enum HTTPDateLine {
    private static let cached = NIOLockedValueBox<(second: Int, line: ByteBuffer)>((-1, ByteBuffer()))

    static func current() -> ByteBuffer {
        let now = Int(time(nil))
        return cached.withLockedValue { cached in
            if cached.second != now { cached = (now, ByteBuffer(string: "date: \(text(epochSeconds: now))\r\n\r\n")) }
            return cached.line
        }
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 9110's IMF-fixdate, e.g. `Mon, 30 Nov 2026 01:50:00 GMT`.
    static func text(epochSeconds: Int) -> String {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}

/// Counts the application's complete answers on one upstream connection (decoding a copy of the
/// bytes `ResponseRelay` has already passed on), so `RequestRelay` knows when none is outstanding
/// and it may answer the next request from the cache without overtaking one.
final class ResponseBoundaries: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let onAnswerEnd: () -> Void
    private let onConfusion: () -> Void

    init(onAnswerEnd: @escaping () -> Void, onConfusion: @escaping () -> Void) {
        self.onAnswerEnd = onAnswerEnd
        self.onConfusion = onConfusion
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { onAnswerEnd() }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // The copy could not be parsed: the client still gets every byte; this connection just
        // never answers from the cache again.
        onConfusion()
    }
}
