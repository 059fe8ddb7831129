import Foundation
import MadoguchiCore
#if canImport(Glibc)
import Glibc
#endif
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// What one client may hold of the server: an idle or slow connection is closed, and requests beyond
/// the concurrency limit are refused at once with 503 instead of queueing.
final class ConnectionLimitsTests: XCTestCase {
    func testAConnectionThatNeverFinishesItsHeadersIsClosed() async throws {
        let (test, port) = try await startLiveServer(extraEnvironment: ["MADOGUCHI_IDLE_TIMEOUT_SECONDS": "1"])
        let outcome = Result { try Self.sendHalfARequestAndWait(port: port, seconds: 8) }
        let health = try? await test.app.sendRequest(.GET, "/healthz")
        await test.app.server.shutdown()
        try await test.shutdown()
        XCTAssertEqual(try outcome.get(), .closedByServer, "a connection idle for longer than the timeout is closed by the server")
        XCTAssertEqual(health?.status, .ok)
    }

    func testTheSettingsAreCheckedAtStartUp() throws {
        for (name, value) in [("MADOGUCHI_IDLE_TIMEOUT_SECONDS", "0"), ("MADOGUCHI_IDLE_TIMEOUT_SECONDS", "9223372036854775807"),
                              ("MADOGUCHI_MAX_CONCURRENT_REQUESTS", "-1"), ("MADOGUCHI_MAX_CONCURRENT_REQUESTS", "lots")] {
            XCTAssertThrowsError(try Configuration.resolve(environment: [name: value, "MADOGUCHI_DATA_DIR": NSTemporaryDirectory()])) { error in
                XCTAssertTrue(String(describing: error).contains(name), "the message names the setting")
            }
        }
    }

    func testRequestsBeyondTheLimitAreRefusedAtOnce() async throws {
        let app = try await Application.make(.testing)
        let gate = Gate()
        let limit = ConcurrencyLimitMiddleware(limit: 2)
        let slow = BlockingResponder(gate: gate)
        func send() async throws -> HTTPStatus {
            let request = Request(application: app, method: .GET, url: URI(path: "/132152/"), on: app.eventLoopGroup.next())
            return try await limit.respond(to: request, chainingTo: slow).status
        }
        async let first = send()
        async let second = send()
        while await gate.waiting < 2 { try await Task.sleep(nanoseconds: 1_000_000) }
        let third = try await send()
        XCTAssertEqual(third, .serviceUnavailable, "the third concurrent request is refused")
        await gate.open()
        let answered = try await [first, second]
        XCTAssertEqual(answered, [.ok, .ok])
        let afterwards = try await send()
        XCTAssertEqual(afterwards, .ok, "the slots are free again")
        try await app.asyncShutdown()
    }

    enum Outcome: Equatable, Sendable { case closedByServer, stillOpen }

    /// Opens a socket, sends a request line and one header without the blank line, and waits.
    static func sendHalfARequestAndWait(port: Int, seconds: Int) throws -> Outcome {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let partial = Array("GET /132152/ HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)
        _ = partial.withUnsafeBytes { send(fd, $0.baseAddress, partial.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let read = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 256, 0) }
        return read == 0 || (read < 0 && errno == ECONNRESET) ? .closedByServer : .stillOpen
    }
}

/// Holds requests until opened, counting how many wait.
actor Gate {
    private(set) var waiting = 0
    private var continuations: [CheckedContinuation<Void, Never>] = []
    private var isOpen = false

    func pass() async {
        if isOpen { return }
        waiting += 1
        await withCheckedContinuation { continuations.append($0) }
    }

    func open() {
        isOpen = true
        continuations.forEach { $0.resume() }
        continuations = []
    }
}

struct BlockingResponder: AsyncResponder {
    let gate: Gate
    func respond(to request: Request) async throws -> Response {
        await gate.pass()
        return Response(status: .ok)
    }
}
