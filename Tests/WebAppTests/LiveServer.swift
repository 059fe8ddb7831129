import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Vapor
@testable import WebApp
import XCTest

/// A server on a real socket whose configured public URL is its own address, so absolute links
/// it writes (CKAN resource URLs, DCAT) lead back to it.
enum LiveServer {
    /// A port the kernel considers free now (bound to port 0, read, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A test application configured with `http://127.0.0.1:<port>` as its public URL, serving on that port.
    static func start(extraEnvironment: [String: String] = [:]) async throws -> (test: TestApp, port: Int) {
        let port = try freePort()
        var environment = extraEnvironment
        environment["MADOGUCHI_PUBLIC_URL"] = "http://127.0.0.1:\(port)"
        let test = try await TestApp.make(extraEnvironment: environment)
        do {
            try await test.app.server.start(address: .hostname("127.0.0.1", port: port))
        } catch {
            try? await test.shutdown()
            throw error
        }
        return (test, port)
    }

    /// Sends `head` (request line and headers) and then `body` over a plain socket, stopping early if
    /// the server answers first, and returns the status line of the answer. A receive timeout keeps a
    /// server that never answers from hanging the test (it then fails with an empty status).
    static func statusLine(port: Int, head: String, body: Data = Data()) throws -> String {
        let socket = try TestSocket(port: port, timeoutSeconds: 30)
        defer { withExtendedLifetime(socket) {} }  // the socket closes when it is released
        let fd = socket.fd
        let headBytes = Array(head.utf8)
        guard send(fd, headBytes, headBytes.count, Int32(MSG_NOSIGNAL)) == headBytes.count else { throw POSIXError(.EPIPE) }
        // Send the body in slices; the server may refuse and close before it is all sent.
        var offset = 0
        while offset < body.count {
            let slice = body[body.startIndex + offset..<body.startIndex + min(offset + 65_536, body.count)]
            let sent = slice.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { break }
            offset += sent
        }
        var answer = [UInt8](repeating: 0, count: 4096)
        let read = recv(fd, &answer, answer.count, 0)
        guard read > 0 else { return "" }
        return String(decoding: answer[..<read], as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
    }
}

extension XCTestCase {
    /// A second instance of the server on `test`'s database (the same SQLite file, or the same
    /// PostgreSQL), serving on a port the kernel picks and shut down when the test ends.
    /// `ownDataDirectory`: its own folder for files, so the two share nothing but the database;
    /// `boot`: its background jobs run (the page cache's version sync among them).
    func startAnotherInstance(of test: TestApp, ownDataDirectory: Bool = false, boot: Bool = false) async throws -> (app: Application, port: Int) {
        var configuration = test.app.madoguchi.configuration
        if ownDataDirectory {
            configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-other-\(UUID().uuidString)").path
        }
        let other = try await Application.make(.testing)
        try await configure(other, configuration: configuration, passwordCost: 4)
        if boot { try await other.asyncBoot() }
        try await other.server.start(address: .hostname("127.0.0.1", port: 0))
        addTeardownBlock { await other.server.shutdown(); try await other.asyncShutdown() }
        return (other, try XCTUnwrap((other.server as? FrontServer)?.localAddress?.port))
    }
}
