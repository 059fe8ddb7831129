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
///
/// A request `DirectAnswers` accepts (a small body framed by its length, or none) is answered by
/// calling the application's responder in this pipeline, when no relayed answer is outstanding; a
/// `POST` among them that `CachedAnswers.postKey` accepts is first looked up in `PublicPageCache`
/// (a navigator screen already computed today for the same bytes).
/// While such an answer is being made, what the client sends next is held (and reading paused)
/// until it has been written, so answers keep the requests' order.
final class RequestRelay: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart

    private let applicationSocket: String
    private let clientAddress: String
    private let cache: PublicPageCache?
    private let direct: DirectAnswers?
    /// The request being read for `DirectAnswers`: its head, body so far and cache target.
    private var directRequest: (head: HTTPRequestHead, body: ByteBuffer?, cacheTarget: String?)?
    /// A direct answer is being made: hold what comes next.
    private var answering = false
    private var held: [HTTPServerRequestPart] = []
    private var upstream: Channel?
    private var connecting = false
    private var pending: [HTTPClientRequestPart] = []
    /// Requests sent to the application whose answer has not ended yet.
    private var outstanding = 0
    /// The answers' framing could not be followed: never answer from the cache on this connection.
    private var confused = false
    /// The request being read was answered from the cache: drop the rest of it.
    private var answeredFromCache = false

    init(applicationSocket: String, clientAddress: String, cache: PublicPageCache?, direct: DirectAnswers?) {
        self.applicationSocket = applicationSocket
        self.clientAddress = clientAddress
        self.cache = cache
        self.direct = direct
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if answering || !held.isEmpty {
            held.append(part)
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
            return
        }
        handle(part, context: context)
    }

    private func handle(_ received: HTTPServerRequestPart, context: ChannelHandlerContext) {
        let part: HTTPClientRequestPart
        switch received {
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
            head.headers.remove(name: FrontServer.cacheTargetHeader)
            if let direct, outstanding == 0, pending.isEmpty, !connecting, direct.bodyLength(of: head) != nil {
                directRequest = (head, nil, key?.target)
                return
            }
            head.headers.add(name: FrontServer.clientAddressHeader, value: clientAddress)
            if let key { head.headers.add(name: FrontServer.cacheTargetHeader, value: key.target) }
            outstanding += 1
            part = .head(head)
        case .body(var buffer):
            if answeredFromCache { return }
            if directRequest != nil {
                if directRequest?.body == nil {
                    directRequest?.body = buffer
                } else {
                    directRequest?.body?.writeBuffer(&buffer)
                }
                return
            }
            part = .body(.byteBuffer(buffer))
        case .end(let trailers):
            if answeredFromCache { return }
            if let request = directRequest {
                directRequest = nil
                // A navigator's screen posted again (the same bytes, today): answered from the cache.
                var computedKey: PublicPageCache.Key?
                if let cache, cache.enabled, request.head.method == .POST {
                    computedKey = CachedAnswers.postKey(for: request.head, body: request.body, day: cache.day())
                    if let computedKey, !confused, context.channel.isWritable, let page = cache.page(for: computedKey) {
                        CachedAnswers.write(page, to: context.channel)
                        return
                    }
                }
                answerDirectly(request, computedKey: computedKey, context: context)
                return
            }
            part = .end(trailers)
        }
        if let upstream {
            upstream.write(part, promise: nil)
        } else {
            pending.append(part)
            if !connecting { connect(context: context) }
        }
    }

    private func answerDirectly(_ request: (head: HTTPRequestHead, body: ByteBuffer?, cacheTarget: String?), computedKey: PublicPageCache.Key? = nil,
                                context: ChannelHandlerContext) {
        guard let direct else { return }
        answering = true
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        direct.answer(request.head, body: request.body, cacheTarget: request.cacheTarget, computedKey: computedKey,
                      on: context.channel).whenComplete { result in
            let (relay, context) = bound.value
            relay.answering = false
            guard case .success(true) = result, context.channel.isActive else {
                relay.held.removeAll()
                context.close(promise: nil)
                return
            }
            // What the client sent meanwhile, in order, until another direct answer begins.
            while !relay.answering, !relay.held.isEmpty {
                relay.handle(relay.held.removeFirst(), context: context)
            }
            relay.upstream?.flush()
            context.flush()
            if relay.held.isEmpty {
                context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
            }
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
        held.removeAll()
        directRequest = nil
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
