import NIOCore
import NIOHTTP1

/// Closes a connection whose request head (request line and headers) is not complete within the
/// timeout of its first byte: a client trickling its headers (slow loris) cannot hold a connection,
/// however steadily it trickles. Time between requests on a kept-alive connection is left to the
/// idle timeout, and a request's body to the body limits and the idle timeout.
///
/// Two handlers share one clock: `RequestStartWatch` sits before the HTTP decoder and sees the raw
/// bytes (a new request's first byte starts the clock), `RequestHeadWatch` sits after it and sees
/// the decoded head (which stops it) and the end of the request (after which the next byte starts it
/// again). Both run on the connection's event loop.
final class RequestHeadClock {
    private var awaitingHead = true
    private var deadline: Scheduled<Void>?
    let timeout: TimeAmount
    let onTimeout: @Sendable () -> Void

    init(timeout: TimeAmount, onTimeout: @escaping @Sendable () -> Void) {
        self.timeout = timeout
        self.onTimeout = onTimeout
    }

    fileprivate func bytesArrived(context: ChannelHandlerContext) {
        guard awaitingHead, deadline == nil else { return }
        let channel = context.channel
        let onTimeout = self.onTimeout
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            onTimeout()
            channel.close(promise: nil)
        }
    }

    fileprivate func headArrived() {
        awaitingHead = false
        deadline?.cancel()
        deadline = nil
    }

    fileprivate func requestEnded() {
        awaitingHead = true
    }

    fileprivate func stop() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Before the HTTP decoder: the first byte of a request starts the clock.
final class RequestStartWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let clock: RequestHeadClock

    init(clock: RequestHeadClock) { self.clock = clock }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        clock.bytesArrived(context: context)
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        clock.stop()
        context.fireChannelInactive()
    }
}

/// After the HTTP decoder: a complete head stops the clock; the request's end re-arms it.
final class RequestHeadWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let clock: RequestHeadClock

    init(clock: RequestHeadClock) { self.clock = clock }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: clock.headArrived()
        case .end: clock.requestEnded()
        case .body: break
        }
        context.fireChannelRead(data)
    }
}

/// Closes the connection when `IdleStateHandler` reports that nothing moved for the idle timeout.
final class CloseWhenIdle: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
