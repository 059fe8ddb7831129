import NIOCore
import NIOHTTP1
import NIOPosix

/// The last handler of a client connection: passes each decoded request to the application's own
/// HTTP server over a private Unix socket, naming the client's address in `FrontServer.clientAddressHeader`
/// (any copy the client sent is dropped), and lets `ResponseRelay` copy the answer back byte for byte.
///
/// The connection to the application opens with the first complete request head, so a connection
/// that never completes one never reaches it. Each side stops reading while the other cannot take
/// more (a slow reader or a slow upload holds no unbounded buffer).
///
/// A request `CachedAnswers` accepts is answered from `PublicPageCache` when the page is there, no
/// answer from the application is still outstanding on this connection (answers keep their order)
/// and the client is reading what it is sent.
final class RequestRelay: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart

    private let applicationSocket: String
    private let clientAddress: String
    private let cache: PublicPageCache?
    private var upstream: Channel?
    private var connecting = false
    private var pending: [HTTPClientRequestPart] = []
    /// Requests sent to the application whose answer has not ended yet.
    private var outstanding = 0
    /// The answers' framing could not be followed: never answer from the cache on this connection.
    private var confused = false
    /// The request being read was answered from the cache: drop the rest of it.
    private var answeredFromCache = false

    init(applicationSocket: String, clientAddress: String, cache: PublicPageCache?) {
        self.applicationSocket = applicationSocket
        self.clientAddress = clientAddress
        self.cache = cache
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part: HTTPClientRequestPart
        switch unwrapInboundIn(data) {
        case .head(var head):
            answeredFromCache = false
            let key = cache?.enabled == true ? CachedAnswers.key(for: head) : nil
            if let cache, let key, outstanding == 0, !confused, pending.isEmpty, context.channel.isWritable,
               let page = cache.page(for: key) {
                answeredFromCache = true
                CachedAnswers.write(page, to: context.channel)
                return
            }
            head.headers.remove(name: FrontServer.clientAddressHeader)
            head.headers.add(name: FrontServer.clientAddressHeader, value: clientAddress)
            head.headers.remove(name: FrontServer.cacheTargetHeader)
            if let key { head.headers.add(name: FrontServer.cacheTargetHeader, value: key.target) }
            outstanding += 1
            part = .head(head)
        case .body(let buffer):
            if answeredFromCache { return }
            part = .body(.byteBuffer(buffer))
        case .end(let trailers):
            if answeredFromCache { return }
            part = .end(trailers)
        }
        if let upstream {
            upstream.write(part, promise: nil)
        } else {
            pending.append(part)
            if !connecting { connect(context: context) }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        upstream?.flush()
        context.flush()
        context.fireChannelReadComplete()
    }

    /// `ResponseBoundaries` saw one of the application's answers end.
    func answerEnded() { outstanding = max(0, outstanding - 1) }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // The client reads slowly: stop reading the answer until it has caught up.
        upstream?.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending.removeAll()
        upstream?.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is HTTPParserError {
            // A malformed request: say why, then close (as Vapor's own server does). A client that
            // waits for each answer before sending its next request (every browser) has had every
            // earlier answer in full; one that pipelines and then sends garbage may see it cut short.
            pending.removeAll()
            upstream?.close(promise: nil)
            FrontResponses.write(.badRequest, to: context.channel)
        } else {
            context.close(promise: nil)
        }
    }

    private func connect(context: ChannelHandlerContext) {
        connecting = true
        let client = context.channel
        let loop = context.eventLoop
        let relay = NIOLoopBound(self, eventLoop: loop)
        ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The client's own framing headers go through unchanged (the decoder has checked them),
                    // so the application parses exactly what the client sent: a body on a TRACE stays framed.
                    var encoding = HTTPRequestEncoder.Configuration()
                    encoding.automaticallySetFramingHeaders = false
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(HTTPRequestEncoder(configuration: encoding))
                    try pipeline.addHandler(ResponseRelay(client: client))
                    // After the relay: decodes a copy of each answer only to see where it ends (and it
                    // sees each request's method on the way out, so a HEAD's answer has no body).
                    try pipeline.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
                    try pipeline.addHandler(ResponseBoundaries(onAnswerEnd: { relay.value.answerEnded() },
                                                               onConfusion: { relay.value.confused = true }))
                }
            }
            .connect(unixDomainSocketPath: applicationSocket)
            .assumeIsolated()
            .whenComplete { result in
                self.connecting = false
                switch result {
                case .success(let channel):
                    guard client.isActive else {
                        channel.close(promise: nil)
                        return
                    }
                    self.upstream = channel
                    for part in self.pending { channel.write(part, promise: nil) }
                    self.pending.removeAll()
                    channel.flush()
                case .failure:
                    self.pending.removeAll()
                    FrontResponses.write(.serviceUnavailable, to: client)
                }
            }
    }
}

/// The application's answers, copied back to the client unchanged. When the application closes
/// its side (after `Connection: close`, an error, or a refused body), the client's connection
/// closes once everything before has been written.
final class ResponseRelay: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let client: Channel

    init(client: Channel) { self.client = client }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        client.write(unwrapInboundIn(data), promise: nil)
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        client.flush()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // The application reads the request slower than the client sends it: stop reading the client.
        client.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let client = self.client
        client.writeAndFlush(ByteBuffer()).whenComplete { _ in client.close(promise: nil) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
