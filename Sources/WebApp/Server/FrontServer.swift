import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MadoguchiCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import Vapor

/// The server that faces the network: it holds the limits Vapor's own server has no place for, and
/// answers complete requests itself through the application's responder, or hands them to Vapor's
/// server over a private Unix socket.
///
/// - At most `maxConnections` open connections, and `maxConnectionsPerClient` per client
///   (`ConnectionAdmission`); a connection past a limit gets 503 and is closed at once.
/// - A request head must be complete `headerTimeoutSeconds` after its first byte (`RequestHeadClock`).
/// - A connection where nothing moves for `idleTimeoutSeconds` is closed.
/// - Requests reach the application only once their head is complete. One with a small body framed
///   by its length (or none) is answered in this process's pipeline (`DirectAnswers`); others go to
///   Vapor's server, their bodies streaming through (the application applies each route's body
///   limit, after authentication where a route says so), and answers stream back unchanged.
///
/// The application learns the client's address from `clientAddressHeader`, which only this front
/// can set: the Unix socket lives in a directory only this process's user can enter, and the front
/// drops any copy a client sends. `Request.clientAddress` reads it only from that socket.
public final class FrontServer: Server, Sendable {
    static let clientAddressHeader = "Madoguchi-Client-Address"
    /// On a request the front could answer from `PublicPageCache`: the request target exactly as the
    /// client sent it, the key the application stores the answer under (only the front sets it).
    static let cacheTargetHeader = "Madoguchi-Cache-Target"

    private let application: Application
    private let connections: Configuration.Connections
    private let trustedProxies: [NetworkRange]
    private let state = NIOLockedValueBox(State())

    private struct State {
        var listener: Channel?
        var inner: HTTPServer?
        var socketDirectory: String?
        var clients: [ObjectIdentifier: Channel] = [:]
        var admission: ConnectionAdmission?
        var direct: DirectAnswers?
    }

    init(application: Application, connections: Configuration.Connections, trustedProxies: [NetworkRange]) {
        self.application = application
        self.connections = connections
        self.trustedProxies = trustedProxies
    }

    /// The address the front listens on, once started (port 0 resolved).
    public var localAddress: SocketAddress? { state.withLockedValue { $0.listener?.localAddress } }

    /// How many client connections are open now.
    var openConnections: Int { state.withLockedValue { $0.admission?.openConnections ?? 0 } }

    public var onShutdown: EventLoopFuture<Void> {
        // Not started (or start failed): nothing to wait for.
        guard let listener = state.withLockedValue({ $0.listener }) else { return application.eventLoopGroup.any().makeSucceededVoidFuture() }
        return listener.closeFuture
    }

    public func start(address: BindAddress?) throws {
        try application.eventLoopGroup.any().makeFutureWithTask { try await self.start(address: address) }.wait()
    }

    public func start(address: BindAddress?) async throws {
        let configuration = application.http.server.configuration
        let host: String, port: Int
        switch address {
        case .none:
            (host, port) = (configuration.hostname, configuration.port)
        case .hostname(let hostname, let requested):
            (host, port) = (hostname ?? configuration.hostname, requested ?? configuration.port)
        case .unixDomainSocket:
            throw Abort(.internalServerError, reason: "the public server listens on TCP; put a proxy in front for a Unix socket")
        }

        let directory = try Self.privateDirectory()
        let socket = directory + "/app.sock"
        var innerConfiguration = configuration
        innerConfiguration.address = .unixDomainSocket(path: socket)
        let inner = HTTPServer(application: application, responder: application.responder.current,
                               configuration: innerConfiguration, on: application.eventLoopGroup)
        try await inner.start(address: nil)
        // The inner server records its own address in the application's configuration: put back
        // the public one, which the rest of the application reads.
        application.http.server.configuration = configuration

        let limit = Self.connectionLimit(configured: connections.maxConnections, logger: application.logger)
        let admission = ConnectionAdmission(limits: .init(total: limit, perClient: connections.maxConnectionsPerClient),
                                            trustedProxies: trustedProxies)
        let direct = DirectAnswers(application: application, responder: application.responder.current)
        state.withLockedValue {
            $0.inner = inner
            $0.socketDirectory = directory
            $0.admission = admission
            $0.direct = direct
        }
        let metrics = FrontMetrics(registry: application.madoguchi.metrics)
        let settings = connections
        let cache = application.publicPageCache
        let listener: Channel
        do {
            listener = try await ServerBootstrap(group: application.eventLoopGroup)
                .serverChannelOption(ChannelOptions.backlog, value: Int32(configuration.backlog))
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: configuration.reuseAddress ? 1 : 0)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: configuration.tcpNoDelay ? 1 : 0)
                .childChannelInitializer { [self] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try self.accept(channel, admission: admission, settings: settings, socket: socket, metrics: metrics, cache: cache,
                                        direct: direct)
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            await inner.shutdown()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        state.withLockedValue { $0.listener = listener }
        application.logger.notice("Server started on http://\(host):\(listener.localAddress?.port ?? port)",
                                  metadata: ["max_connections": "\(limit)", "max_connections_per_client": "\(settings.maxConnectionsPerClient)",
                                             "header_timeout_seconds": "\(settings.headerTimeoutSeconds)"])
    }

    private func accept(_ channel: Channel, admission: ConnectionAdmission, settings: Configuration.Connections,
                        socket: String, metrics: FrontMetrics, cache: PublicPageCache?, direct: DirectAnswers) throws {
        let pipeline = channel.pipeline.syncOperations
        switch admission.admit(channel.remoteAddress) {
        case .failure(let refused):
            metrics.refused(refused.refusal)
            try pipeline.addHandler(RefuseConnection())
            return
        case .success(let ticket):
            let id = ObjectIdentifier(channel)
            state.withLockedValue { $0.clients[id] = channel }
            metrics.open(admission.openConnections)
            channel.closeFuture.whenComplete { [self] _ in
                admission.release(ticket)
                metrics.open(admission.openConnections)
                state.withLockedValue { _ = $0.clients.removeValue(forKey: id) }
            }
        }
        let clock = RequestHeadClock(timeout: .seconds(Int64(settings.headerTimeoutSeconds)), onTimeout: { metrics.headTimedOut() })
        try pipeline.addHandler(IdleStateHandler(allTimeout: .seconds(Int64(settings.idleTimeoutSeconds))))
        try pipeline.addHandler(CloseWhenIdle())
        try pipeline.addHandler(RequestStartWatch(clock: clock))
        try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        try pipeline.addHandler(RequestHeadWatch(clock: clock))
        try pipeline.addHandler(RequestRelay(applicationSocket: socket, clientAddress: channel.remoteAddress?.ipAddress ?? "",
                                             cache: cache, direct: direct))
    }

    public func shutdown() {
        try? application.eventLoopGroup.any().makeFutureWithTask { await self.shutdown() }.wait()
    }

    /// Stops accepting, lets the application finish the requests it has (Vapor's own draining), then
    /// closes what is left: idle kept-alive connections.
    public func shutdown() async {
        let (listener, inner, directory, direct) = state.withLockedValue { ($0.listener, $0.inner, $0.socketDirectory, $0.direct) }
        direct?.quiesce()
        try? await listener?.close()
        await inner?.shutdown()
        // The answers the front is making itself end too, within Vapor's own shutdown timeout.
        if let direct {
            let deadline = ContinuousClock.now + .nanoseconds(application.http.server.configuration.shutdownTimeout.nanoseconds)
            while direct.inFlight > 0, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        }
        let clients = state.withLockedValue { Array($0.clients.values) }
        for client in clients { try? await client.close() }
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        state.withLockedValue {
            $0.inner = nil
            $0.socketDirectory = nil
        }
    }

    /// A directory only this process's user may enter, for the application's Unix socket.
    private static func privateDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/madoguchi-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// The configured limit, lowered to what the open-file limit allows (raised to its hard maximum
    /// first): a connection holds up to three descriptors (the client's, and both ends of its Unix
    /// socket to the application), and the database pool, logs and files need some to spare.
    static func connectionLimit(configured: Int, logger: Logger) -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return configured }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let affordable = max(16, (Int(clamping: limit.rlim_cur) - 256) / 3)
        if affordable < configured {
            logger.notice("MADOGUCHI_MAX_CONNECTIONS lowered to what the open-file limit allows",
                           metadata: ["configured": "\(configured)", "allowed": "\(affordable)", "open_file_limit": "\(limit.rlim_cur)"])
        }
        return min(configured, affordable)
    }
}

/// Answers 503 as soon as the connection is active, and closes it.
private final class RefuseConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        FrontResponses.write(.serviceUnavailable, to: context.channel)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

/// The front's figures on `/metrics`: open connections, refusals by reason, request heads that
/// took too long.
struct FrontMetrics: Sendable {
    private let open: Gauge
    private let refusedTotal: Counter
    private let refusedPerClient: Counter
    private let headTimeouts: Counter

    init(registry: PrometheusCollectorRegistry) {
        open = registry.makeGauge(name: "madoguchi_open_connections")
        refusedTotal = registry.makeCounter(name: "madoguchi_connections_refused_total", labels: [("reason", ConnectionAdmission.Refusal.total.rawValue)])
        refusedPerClient = registry.makeCounter(name: "madoguchi_connections_refused_total", labels: [("reason", ConnectionAdmission.Refusal.perClient.rawValue)])
        headTimeouts = registry.makeCounter(name: "madoguchi_request_head_timeouts_total")
    }

    /// The connections open now, as `ConnectionAdmission` counts them.
    func open(_ count: Int) { open.set(Double(count)) }
    func headTimedOut() { headTimeouts.increment() }
    func refused(_ refusal: ConnectionAdmission.Refusal) {
        switch refusal {
        case .total: refusedTotal.increment()
        case .perClient: refusedPerClient.increment()
        }
    }
}
