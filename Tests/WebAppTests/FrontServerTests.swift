import Foundation
import MadoguchiCore
#if canImport(Glibc)
import Glibc
#endif
import Vapor
@testable import WebApp
import XCTest

/// The limits the network-facing server holds (FrontServer): request heads that trickle in are cut
/// off, connections are capped in all and per client, and the application still learns the real
/// client address, which no client can forge.
final class FrontServerTests: XCTestCase {
    func testARequestHeadTricklingInIsCutOffAtTheHeaderTimeout() async throws {
        let (test, port) = try await startLiveServer(extraEnvironment: ["MADOGUCHI_HEADER_TIMEOUT_SECONDS": "2",
                                                                        "MADOGUCHI_IDLE_TIMEOUT_SECONDS": "30"])
        // One header line every 300 ms: the idle timeout never fires, only the header timeout can.
        let socket = try TestSocket(port: port)
        let started = Date()
        var closed = false
        try socket.send("GET /132152/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for line in 0..<60 {
            try await Task.sleep(nanoseconds: 300_000_000)
            if !socket.sendIfOpen("X-Slow-\(line): a\r\n") || socket.isClosedByPeer() {
                closed = true
                break
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertTrue(closed, "a head still incomplete after the header timeout loses its connection")
        XCTAssertLessThan(elapsed, 10, "it is cut off near the 2-second header timeout, not after the 18 seconds of trickling")

        // A kept-alive connection may wait between requests longer than the header timeout (the idle
        // timeout governs that), and a normal request is unaffected.
        let patient = try TestSocket(port: port)
        XCTAssertEqual(try patient.request("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "HTTP/1.1 200 OK")
        try await Task.sleep(nanoseconds: 3_000_000_000)
        XCTAssertEqual(try patient.request("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "HTTP/1.1 200 OK")

        let metrics = try TestSocket(port: port).request("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", wholeAnswer: true)
        XCTAssertTrue(metrics.contains("madoguchi_request_head_timeouts_total 1"), "the cut-off is counted on /metrics")
        _ = test
    }

    func testOneClientCannotHoldMoreThanItsShareOfConnections() async throws {
        let (_, port) = try await startLiveServer(extraEnvironment: ["MADOGUCHI_MAX_CONNECTIONS_PER_CLIENT": "3"])
        var held = try (0..<3).map { _ in try TestSocket(port: port) }
        // The first three are served; a fourth from the same address is refused at once.
        XCTAssertEqual(try held[0].request("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "HTTP/1.1 200 OK")
        let fourth = try TestSocket(port: port)
        let refusal = try fourth.request("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", wholeAnswer: true)
        XCTAssertTrue(refusal.hasPrefix("HTTP/1.1 503"), refusal)
        XCTAssertTrue(refusal.contains("Retry-After: 5"), "the refusal says when to come back")
        XCTAssertTrue(refusal.contains("混み合っています"), "and says why, in Japanese")
        XCTAssertTrue(fourth.waitForClose(seconds: 5), "and closes the connection")

        // A connection given back makes room again.
        held.removeLast()
        try await Task.sleep(nanoseconds: 200_000_000)
        XCTAssertEqual(try TestSocket(port: port).request("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "HTTP/1.1 200 OK")
        XCTAssertEqual(held.count, 2, "while the other two are still held")
    }

    func testTheServerHoldsNoMoreThanItsConnectionLimit() async throws {
        let (test, port) = try await startLiveServer(extraEnvironment: ["MADOGUCHI_MAX_CONNECTIONS": "16",
                                                                        "MADOGUCHI_MAX_CONNECTIONS_PER_CLIENT": "1000"])
        // Connections that never send a byte still count: that is what a flood looks like.
        let held = try (0..<16).map { _ in try TestSocket(port: port) }
        try await Task.sleep(nanoseconds: 200_000_000)
        XCTAssertEqual((test.app.server as? FrontServer)?.openConnections, 16)
        let refusal = try TestSocket(port: port).request("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        XCTAssertEqual(refusal, "HTTP/1.1 503 Service Unavailable")
        XCTAssertEqual(held.count, 16)
    }

    func testTheApplicationSeesTheClientsAddressAndNoForgedOne() async throws {
        let port = try LiveServer.freePort()
        let test = try await makeTestApp(extraEnvironment: ["MADOGUCHI_PUBLIC_URL": "http://127.0.0.1:\(port)"])
        test.app.get("test-client-address") { req in req.clientAddress ?? "none" }
        try await test.app.server.start(address: .hostname("127.0.0.1", port: port))

        let plain = try TestSocket(port: port).request("GET /test-client-address HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", wholeAnswer: true)
        XCTAssertTrue(plain.hasSuffix("\r\n\r\n127.0.0.1"), plain)
        let forged = try TestSocket(port: port).request(
            "GET /test-client-address HTTP/1.1\r\nHost: 127.0.0.1\r\n\(FrontServer.clientAddressHeader): 203.0.113.9\r\nX-Forwarded-For: 198.51.100.7\r\nConnection: close\r\n\r\n",
            wholeAnswer: true)
        XCTAssertTrue(forged.hasSuffix("\r\n\r\n127.0.0.1"), "neither the front's header nor X-Forwarded-For can be forged by a client: \(forged)")
    }

    func testBehindATrustedProxyTheForwardedAddressCountsAndTheProxyIsNotCapped() async throws {
        let port = try LiveServer.freePort()
        let test = try await makeTestApp(extraEnvironment: ["MADOGUCHI_PUBLIC_URL": "http://127.0.0.1:\(port)",
                                                           "MADOGUCHI_TRUSTED_PROXIES": "127.0.0.1/32",
                                                           "MADOGUCHI_MAX_CONNECTIONS_PER_CLIENT": "2"])
        test.app.get("test-client-address") { req in req.clientAddress ?? "none" }
        try await test.app.server.start(address: .hostname("127.0.0.1", port: port))

        let held = try (0..<4).map { _ in try TestSocket(port: port) }
        let answer = try held[3].request(
            "GET /test-client-address HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 198.51.100.7\r\nConnection: close\r\n\r\n", wholeAnswer: true)
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200"), "a proxy carries many clients: the per-client cap does not apply to it: \(answer)")
        XCTAssertTrue(answer.hasSuffix("\r\n\r\n198.51.100.7"), answer)
    }

    func testRequestsReachTheApplicationAsTheClientFramedThem() async throws {
        let port = try LiveServer.freePort()
        let test = try await makeTestApp(extraEnvironment: ["MADOGUCHI_PUBLIC_URL": "http://127.0.0.1:\(port)"])
        test.app.on(.POST, "test-echo") { req in req.body.string ?? "" }
        try await test.app.server.start(address: .hostname("127.0.0.1", port: port))

        let chunked = try TestSocket(port: port).request(
            "POST /test-echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
            wholeAnswer: true)
        XCTAssertTrue(chunked.hasSuffix("\r\n\r\nhello world"), chunked)
        // A body on a method that does not expect one still arrives framed: the answer is an answer
        // (here 404), and the connection stays usable, not a dropped connection.
        let socket = try TestSocket(port: port)
        XCTAssertEqual(try socket.request("TRACE /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}"), "HTTP/1.1 404 Not Found")
        XCTAssertEqual(try socket.request("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "HTTP/1.1 200 OK")
        // A malformed request gets 400 and a closed connection.
        let malformed = try TestSocket(port: port)
        XCTAssertEqual(try malformed.request("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n"), "HTTP/1.1 400 Bad Request")
    }

    func testTheNewSettingsAreCheckedAtStartUp() throws {
        for (name, value) in [("MADOGUCHI_HEADER_TIMEOUT_SECONDS", "0"), ("MADOGUCHI_HEADER_TIMEOUT_SECONDS", "-9223372036854775808"),
                              ("MADOGUCHI_MAX_CONNECTIONS", "15"), ("MADOGUCHI_MAX_CONNECTIONS", "9223372036854775807"),
                              ("MADOGUCHI_MAX_CONNECTIONS_PER_CLIENT", "0"), ("MADOGUCHI_MAX_CONNECTIONS_PER_CLIENT", "many")] {
            XCTAssertThrowsError(try Configuration.resolve(environment: [name: value, "MADOGUCHI_DATA_DIR": NSTemporaryDirectory()])) { error in
                XCTAssertTrue(String(describing: error).contains(name), "the message names the setting")
            }
        }
    }
}

/// A blocking client socket for tests that need exact control of bytes and timing.
final class TestSocket {
    let fd: Int32

    /// Connects to 127.0.0.1:`port`; a receive or send that waits longer than `timeoutSeconds` fails
    /// (so a server that never answers cannot hang a test).
    init(port: Int, timeoutSeconds: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        guard sendIfOpen(text) else { throw POSIXError(.EPIPE) }
    }

    /// False once the server has closed the connection.
    func sendIfOpen(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
    }

    /// True when the server has closed its side (reads end or are reset), without waiting.
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        let read = recv(fd, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
        return read == 0 || (read < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Waits up to `seconds` for the server to close its side; true once it has.
    func waitForClose(seconds: Int) -> Bool {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        while true {
            let read = recv(fd, &byte, 1, 0)
            if read == 0 || (read < 0 && errno == ECONNRESET) { return true }
            if read < 0 { return false }  // timed out with the connection still open
        }
    }

    /// Sends a request and returns the status line of the answer, or the whole answer (read until the
    /// server closes or the answer's Content-Length is reached).
    func request(_ text: String, wholeAnswer: Bool = false) throws -> String {
        try send(text)
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let read = recv(fd, &chunk, chunk.count, 0)
            if read <= 0 { break }
            received += chunk[..<read]
            let answer = String(decoding: received, as: UTF8.self)
            guard let split = answer.range(of: "\r\n\r\n") else { continue }
            if !wholeAnswer { break }
            let head = answer[..<split.lowerBound].lowercased()
            if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
               let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
               received.count - answer.utf8.distance(from: answer.utf8.startIndex, to: split.upperBound) >= length {
                break
            }
        }
        let answer = String(decoding: received, as: UTF8.self)
        return wholeAnswer ? answer : (answer.components(separatedBy: "\r\n").first ?? "")
    }
}
