import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Vapor
@testable import WebApp
import XCTest

/// The front answers small requests itself through the application's responder (`DirectAnswers`)
/// and relays the rest to Vapor's server: both ways give the same answers, in the requests' order,
/// with streamed bodies streamed and no header able to break the framing.
final class DirectAnswersTests: XCTestCase {
    /// A live application with the test routes below, on its own port.
    private func start(environment: [String: String] = [:],
                       _ routes: (Application) -> Void = { _ in }) async throws -> (test: TestApp, port: Int) {
        let port = try LiveServer.freePort()
        let test = try await makeTestApp(extraEnvironment: environment.merging(["MADOGUCHI_PUBLIC_URL": "http://127.0.0.1:\(port)"]) { $1 })
        // Which way the request came: over the front's Unix socket (relayed) or in process.
        test.app.on(.POST, "test-way", body: .collect(maxSize: "1mb")) { req -> String in
            let way: String
            if case .unixDomainSocket = req.remoteAddress { way = "relayed" } else { way = "direct" }
            return "\(way) \(req.body.data?.readableBytes ?? 0)"
        }
        test.app.get("test-way") { req -> String in
            if case .unixDomainSocket = req.remoteAddress { return "relayed 0" }
            return "direct 0"
        }
        routes(test.app)
        try await test.app.server.start(address: .hostname("127.0.0.1", port: port))
        return (test, port)
    }

    func testSmallRequestsAreAnsweredInProcessAndTheRestAreRelayedWithTheSameAnswers() async throws {
        let (_, port) = try await start()
        func body(_ answer: String) -> String { String(answer[answer.range(of: "\r\n\r\n")!.upperBound...]) }
        let get = try TestSocket(port: port).request("GET /test-way HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", wholeAnswer: true)
        XCTAssertEqual(body(get), "direct 0")

        let small = String(repeating: "a", count: 1000)
        let post = try TestSocket(port: port).request(
            "POST /test-way HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(small.utf8.count)\r\nConnection: close\r\n\r\n\(small)", wholeAnswer: true)
        XCTAssertEqual(body(post), "direct 1000")

        // Larger than the front reads whole: streamed through Vapor's server, the same answer.
        let large = String(repeating: "b", count: DirectAnswers.largestDirectBody + 1)
        let relayed = try TestSocket(port: port).request(
            "POST /test-way HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(large.utf8.count)\r\nConnection: close\r\n\r\n\(large)", wholeAnswer: true)
        XCTAssertEqual(body(relayed), "relayed \(large.utf8.count)")

        let chunked = try TestSocket(port: port).request(
            "POST /test-way HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n", wholeAnswer: true)
        XCTAssertEqual(body(chunked), "relayed 3")

        // The body limit still holds on the direct way: a small limit keeps bodies above it off it.
        let (_, limitedPort) = try await start(environment: ["MADOGUCHI_MAX_BODY_BYTES": "1024"]) { app in
            app.on(.POST, "test-default-limit") { req in "read \(req.body.data?.readableBytes ?? 0)" }
        }
        let over = String(repeating: "c", count: 2000)
        let refused = try TestSocket(port: limitedPort).request(
            "POST /test-default-limit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(over.utf8.count)\r\nConnection: close\r\n\r\n\(over)")
        XCTAssertEqual(refused, "HTTP/1.1 413 Payload Too Large", "a body over the configured limit is refused, whichever way it goes")
    }

    func testPipelinedRequestsAreAnsweredInTheirOrderWhicheverWayEachGoes() async throws {
        let (_, port) = try await start { app in
            app.get("test-slow") { req async throws -> String in
                try await Task.sleep(nanoseconds: 300_000_000)
                return "first-answer"
            }
            app.on(.POST, "test-echo") { req in req.body.string ?? "" }
            app.get("test-fast") { _ in "third-answer" }
        }
        let socket = try TestSocket(port: port)
        // Four requests in one write: a slow direct one, a chunked (relayed) one, a fast direct
        // one and a HEAD that closes the connection.
        try socket.send("GET /test-slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            + "POST /test-echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nd\r\nsecond-answer\r\n0\r\n\r\n"
            + "GET /test-fast HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            + "HEAD /test-fast HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let answer = socket.readUntilClosed()
        let statuses = answer.components(separatedBy: "HTTP/1.1 200 OK").count - 1
        XCTAssertEqual(statuses, 4, answer)
        let first = try XCTUnwrap(answer.range(of: "first-answer"))
        let second = try XCTUnwrap(answer.range(of: "second-answer"))
        let third = try XCTUnwrap(answer.range(of: "third-answer"))
        XCTAssertTrue(first.upperBound <= second.lowerBound && second.upperBound <= third.lowerBound, answer)
        // The HEAD answer names the length and carries no body: the answer ends with its head.
        let lastHead = try XCTUnwrap(answer.range(of: "HTTP/1.1 200 OK", options: .backwards))
        let last = answer[lastHead.lowerBound...]
        XCTAssertTrue(last.lowercased().contains("content-length: 12"), String(last))
        XCTAssertTrue(last.lowercased().contains("connection: close"), String(last))
        XCTAssertTrue(last.hasSuffix("\r\n\r\n"), "no body after a HEAD answer: \(last)")
    }

    func testAHeaderThatWouldBreakTheFramingIsNeverWritten() async throws {
        let (_, port) = try await start { app in
            app.get("test-bad-header") { _ -> Response in
                var headers = HTTPHeaders()
                headers.add(name: "X-Note", value: "a\r\nInjected: yes")
                return Response(status: .ok, headers: headers, body: .init(string: "hello"))
            }
        }
        let socket = try TestSocket(port: port)
        try socket.send("GET /test-bad-header HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let answer = socket.readUntilClosed()
        XCTAssertFalse(answer.contains("Injected"), "a line break in a header never reaches the client: \(answer)")
        XCTAssertFalse(answer.contains("hello"), answer)
    }

    func testStreamedAnswersArriveWholeAChunkAtATime() async throws {
        let chunk = ByteBuffer(repeating: UInt8(ascii: "z"), count: 100_000)
        let (_, port) = try await start { app in
            app.get("test-stream") { _ -> Response in
                Response.streamed(headers: ["Content-Type": "application/octet-stream"], count: 300_000) { writer in
                    for _ in 0..<3 { try await writer.writeBuffer(chunk) }
                    try await writer.write(.end)
                }
            }
            app.get("test-stream-unknown-length") { _ -> Response in
                Response.streamed(headers: [:], count: -1) { writer in
                    try await writer.writeBuffer(ByteBuffer(string: "part one, "))
                    try await writer.writeBuffer(ByteBuffer(string: "part two"))
                    try await writer.write(.end)
                }
            }
            app.get("test-stream-failing") { _ -> Response in
                Response.streamed(headers: [:], count: 300_000) { writer in
                    try await writer.writeBuffer(chunk)
                    try? await writer.write(.error(Abort(.internalServerError)))
                }
            }
        }
        let whole = try TestSocket(port: port).request("GET /test-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", wholeAnswer: true)
        let body = whole[whole.range(of: "\r\n\r\n")!.upperBound...]
        XCTAssertEqual(body.utf8.count, 300_000)
        XCTAssertTrue(body.utf8.allSatisfy { $0 == UInt8(ascii: "z") })
        XCTAssertTrue(whole.lowercased().contains("content-length: 300000"))

        let socket = try TestSocket(port: port)
        try socket.send("GET /test-stream-unknown-length HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let chunked = socket.readUntilClosed()
        XCTAssertTrue(chunked.lowercased().contains("transfer-encoding: chunked"), chunked)
        XCTAssertTrue(chunked.hasSuffix("\r\n\r\na\r\npart one, \r\n8\r\npart two\r\n0\r\n\r\n"), chunked)

        // A body that fails half way is cut short by closing: the client sees fewer bytes than promised.
        let failing = try TestSocket(port: port)
        try failing.send("GET /test-stream-failing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let cut = failing.readUntilClosed()
        XCTAssertTrue(cut.lowercased().contains("content-length: 300000"), String(cut.prefix(300)))
        XCTAssertLessThan(cut.utf8.count - cut.utf8.distance(from: cut.startIndex, to: cut.range(of: "\r\n\r\n")!.upperBound), 300_000)
    }

    func testShutdownLetsAnAnswerInProgressFinish() async throws {
        let (test, port) = try await start { app in
            app.get("test-slow") { req async throws -> String in
                try await Task.sleep(nanoseconds: 500_000_000)
                return "finished"
            }
        }
        let socket = try TestSocket(port: port)
        try socket.send("GET /test-slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        try await Task.sleep(nanoseconds: 100_000_000)
        await (test.app.server as? FrontServer)?.shutdown()
        let answer = socket.readUntilClosed()
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200 OK"), answer)
        XCTAssertTrue(answer.hasSuffix("finished"), answer)
        XCTAssertTrue(answer.lowercased().contains("connection: close"), "an answer made during shutdown closes its connection: \(answer)")
    }
}

extension TestSocket {
    /// Everything the server sends until it closes the connection (or the receive timeout).
    func readUntilClosed() -> String {
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let read = recv(fd, &chunk, chunk.count, 0)
            if read <= 0 { break }
            received += chunk[..<read]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
