import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Vapor

/// Requests the front answers by calling the application's responder itself, in the client
/// connection's own pipeline, instead of relaying them to Vapor's HTTP server over the Unix socket
/// (which parsed every request and answer a second time).
///
/// A request goes this way when its whole body is small and framed by `Content-Length` (or it has
/// none): `bodyLength(of:)`. A chunked, larger, `Expect`-ing or upgrading request still goes
/// through `RequestRelay`'s socket, where Vapor's server streams its body to the route and applies
/// the route's own limit.
///
/// The answer is written the way Vapor's server writes it (its headers unchanged, plus `date` and
/// `connection`; no body for HEAD, 204, 304), and a streamed body (`Response.streamed`) is written
/// a chunk at a time, each waiting until the previous one has left, so a large file is never held
/// whole in memory.
final class DirectAnswers: Sendable {
    /// The largest body read whole before the request reaches the application (and never more
    /// than the application's default body limit, `MADOGUCHI_MAX_BODY_BYTES`). A body the front has
    /// read whole reaches a route as already collected, so a route limit below this would not be
    /// applied to it: routes that take bodies set larger limits (or check sizes themselves, like the
    /// life-events API). A larger body is streamed through the relay.
    let maxBodyBytes: Int
    static let largestDirectBody = 16 * 1024

    private let application: Application
    private let responder: any Responder
    private let state = NIOLockedValueBox(State())

    private struct State {
        var inFlight = 0
        var quiescing = false
    }

    init(application: Application, responder: any Responder) {
        self.application = application
        self.responder = responder
        self.maxBodyBytes = min(Self.largestDirectBody, application.routes.defaultMaxBodySize.value)
    }

    /// The length of the body to read before answering, or nil when the request must go through
    /// the relay.
    func bodyLength(of head: HTTPRequestHead) -> Int? {
        guard head.version.major == 1 else { return nil }
        var length = 0
        var sawLength = false
        for (name, value) in head.headers {
            switch name.lowercased() {
            case "transfer-encoding", "upgrade", "expect":
                return nil
            case "content-length":
                guard !sawLength, let declared = Int(value), declared >= 0, declared <= maxBodyBytes else { return nil }
                sawLength = true
                length = declared
            default:
                continue
            }
        }
        return length
    }

    /// Answers are in flight now (`FrontServer.shutdown` waits for none).
    var inFlight: Int { state.withLockedValue { $0.inFlight } }

    /// From now on every answer closes its connection.
    func quiesce() { state.withLockedValue { $0.quiescing = true } }

    /// Answers `head` (with its whole `body`) on `channel`; the future ends once the answer is
    /// written, with whether the connection stays open for the next request.
    func answer(_ head: HTTPRequestHead, body: ByteBuffer?, cacheTarget: String?, computedKey: PublicPageCache.Key? = nil,
                on channel: Channel) -> EventLoopFuture<Bool> {
        state.withLockedValue { $0.inFlight += 1 }
        let request = Request(application: application, method: head.method, url: URI(path: head.uri), version: head.version,
                              headersNoUpdate: head.headers, collectedBody: body, remoteAddress: channel.remoteAddress,
                              logger: application.logger, byteBufferAllocator: channel.allocator, on: channel.eventLoop)
        if let cacheTarget { request.storage[FrontCacheTargetKey.self] = cacheTarget }
        if let computedKey { request.storage[FrontComputedKey.self] = computedKey }
        let loop = channel.eventLoop
        return responder.respond(to: request).hop(to: loop).flatMap { response in
            let keepAlive = head.isKeepAlive && !self.state.withLockedValue { $0.quiescing }
            return AnswerWriter.write(response, for: head, keepAlive: keepAlive, to: channel).map { keepAlive }
        }.flatMapErrorThrowing { error in
            // As Vapor's own server does with a failed responder: the connection closes.
            self.application.logger.report(error: error)
            return false
        }.always { _ in
            self.state.withLockedValue { $0.inFlight -= 1 }
        }
    }
}

/// On a request the front answered directly, the target it may be stored under in the
/// `PublicPageCache` (the relay names it in `FrontServer.cacheTargetHeader` instead).
struct FrontCacheTargetKey: StorageKey {
    typealias Value = String
}

/// On a `POST` the front read whole and may answer from the cache: the key (with the body's hash
/// and the day) its answer may be stored under, if the route is marked `publicComputed()`.
struct FrontComputedKey: StorageKey {
    typealias Value = PublicPageCache.Key
}

/// Writes a `Response` on a client connection as HTTP/1.1 bytes.
enum AnswerWriter {
    static func write(_ response: Response, for request: HTTPRequestHead, keepAlive: Bool, to channel: Channel) -> EventLoopFuture<Void> {
        let status = response.status
        let bodiless = request.method == .HEAD || status == .noContent || status == .notModified || status.code < 200
        if !bodiless, response.body.buffer == nil, response.body.count != 0 {
            guard let source = response.storage[StreamedBodyKey.self] else {
                // A streamed body of Vapor's own making: small by construction (only `Response.streamed`
                // streams large files), so it is collected and written whole.
                return response.body.collect(on: channel.eventLoop).flatMap { collected in
                    response.body = Response.Body(buffer: collected ?? ByteBuffer())
                    return write(response, for: request, keepAlive: keepAlive, to: channel)
                }
            }
            guard let head = headBytes(response, keepAlive: keepAlive) else { return refuse(channel) }
            let chunked = response.headers.first(name: .transferEncoding)?.lowercased() == "chunked"
            channel.write(head, promise: nil)
            return channel.eventLoop.makeFutureWithTask {
                let writer = ChannelBodyWriter(channel: channel, chunked: chunked)
                try await source(writer)
                try writer.checkEnded()
            }.flatMapError { error in
                // The answer is cut short: only a closed connection tells the client so.
                channel.close(promise: nil)
                return channel.eventLoop.makeFailedFuture(error)
            }.flatMap { finish(keepAlive: keepAlive, on: channel) }
        }
        guard let head = headBytes(response, keepAlive: keepAlive) else { return refuse(channel) }
        channel.write(head, promise: nil)
        if !bodiless, let body = response.body.buffer, body.readableBytes > 0 {
            channel.write(body, promise: nil)
        }
        channel.flush()
        return finish(keepAlive: keepAlive, on: channel)
    }

    /// After the answer: closes the connection unless it is kept alive.
    private static func finish(keepAlive: Bool, on channel: Channel) -> EventLoopFuture<Void> {
        if keepAlive { return channel.eventLoop.makeSucceededVoidFuture() }
        return channel.writeAndFlush(ByteBuffer()).flatMap { channel.close() }.recover { _ in }
    }

    /// An answer whose head cannot be written safely (a line break in a header): the connection
    /// closes, as Vapor's server does when NIO refuses such a header.
    private static func refuse(_ channel: Channel) -> EventLoopFuture<Void> {
        channel.close(promise: nil)
        return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
    }

    /// The status line and headers, with `connection`, `date` and the blank line; nil when a header
    /// could not be written without breaking the framing.
    static func headBytes(_ response: Response, keepAlive: Bool) -> ByteBuffer? {
        var head = ByteBuffer()
        head.reserveCapacity(512)
        head.writeString("HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n")
        for (name, value) in response.headers {
            switch name.lowercased() {
            case "date", "connection", "keep-alive": continue
            default: break
            }
            guard isSafe(name), isSafe(value), !name.isEmpty else { return nil }
            head.writeString(name)
            head.writeStaticString(": ")
            head.writeString(value)
            head.writeStaticString("\r\n")
        }
        head.writeStaticString(keepAlive ? "connection: keep-alive\r\n" : "connection: close\r\n")
        var date = HTTPDateLine.current()
        head.writeBuffer(&date)
        return head
    }

    private static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") || $0 == 0 }
    }
}

/// The body of a `Response.streamed` answer, written by the front: each chunk waits until the one
/// before has left (a slow reader holds at most one chunk in memory).
private final class ChannelBodyWriter: AsyncBodyStreamWriter, @unchecked Sendable {
    private let channel: Channel
    private let chunked: Bool
    private let state = NIOLockedValueBox(Ending.open)

    private enum Ending { case open, ended, failed }

    init(channel: Channel, chunked: Bool) {
        self.channel = channel
        self.chunked = chunked
    }

    func write(_ result: BodyStreamResult) async throws {
        switch result {
        case .buffer(let buffer):
            guard state.withLockedValue({ $0 }) == .open else { throw ChannelError.ioOnClosedChannel }
            guard buffer.readableBytes > 0 else { return }
            if chunked {
                channel.write(ByteBuffer(string: String(buffer.readableBytes, radix: 16) + "\r\n"), promise: nil)
                channel.write(buffer, promise: nil)
                try await channel.writeAndFlush(ByteBuffer(string: "\r\n")).get()
            } else {
                try await channel.writeAndFlush(buffer).get()
            }
        case .end:
            state.withLockedValue { $0 = .ended }
            if chunked { try await channel.writeAndFlush(ByteBuffer(string: "0\r\n\r\n")).get() }
        case .error(let error):
            state.withLockedValue { $0 = .failed }
            throw error
        }
    }

    /// A source that returned without ending its body, or ended it with an error, has cut the answer short.
    func checkEnded() throws {
        guard state.withLockedValue({ $0 }) == .ended else { throw ChannelError.ioOnClosedChannel }
    }
}

/// The source of a streamed body, kept with the response so the front can write it itself.
struct StreamedBodyKey: StorageKey {
    typealias Value = @Sendable (any AsyncBodyStreamWriter) async throws -> Void
}

extension Response {
    /// An answer whose body is written a chunk at a time by `source` (which ends with `.end`, or
    /// `.error` to cut the answer short), whichever server writes it.
    static func streamed(status: HTTPResponseStatus = .ok, headers: HTTPHeaders, count: Int,
                         source: @escaping @Sendable (any AsyncBodyStreamWriter) async throws -> Void) -> Response {
        let response = Response(status: status, headers: headers, body: Response.Body(asyncStream: source, count: count))
        response.storage[StreamedBodyKey.self] = source
        return response
    }
}
