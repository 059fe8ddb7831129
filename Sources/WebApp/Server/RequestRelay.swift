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
final class RequestRelay: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart

    private let applicationSocket: String
    private let clientAddress: String
    private var upstream: Channel?
    private var connecting = false
    private var pending: [HTTPClientRequestPart] = []

    init(applicationSocket: String, clientAddress: String) {
        self.applicationSocket = applicationSocket
        self.clientAddress = clientAddress
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part: HTTPClientRequestPart
        switch unwrapInboundIn(data) {
        case .head(var head):
            head.headers.remove(name: FrontServer.clientAddressHeader)
            head.headers.add(name: FrontServer.clientAddressHeader, value: clientAddress)
            part = .head(head)
        case .body(let buffer):
            part = .body(.byteBuffer(buffer))
        case .end(let trailers):
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
        context.fireChannelReadComplete()
    }

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
        ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The client's own framing headers go through unchanged (the decoder has checked them),
                    // so the application parses exactly what the client sent: a body on a TRACE stays framed.
                    var encoding = HTTPRequestEncoder.Configuration()
                    encoding.automaticallySetFramingHeaders = false
                    try channel.pipeline.syncOperations.addHandler(HTTPRequestEncoder(configuration: encoding))
                    try channel.pipeline.syncOperations.addHandler(ResponseRelay(client: client))
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
