import Foundation
import Logging
import NIOCore
import Vapor

/// A local HTTP server standing for a webhook receiver (a LINE bridge): it keeps every POST it
/// gets (path, headers, body) and answers each path with the statuses it was given, in order
/// (then 200).
final class WebhookReceiver: @unchecked Sendable {
    struct Received: Sendable {
        let path: String
        let headers: HTTPHeaders
        let body: Data
    }

    private let lock = NSLock()
    private var received: [Received] = []
    private var answers: [String: [UInt]]
    private let app: Application
    private(set) var port = 0

    private init(app: Application, answers: [String: [UInt]]) {
        self.app = app
        self.answers = answers
    }

    static func start(answers: [String: [UInt]] = [:]) async throws -> WebhookReceiver {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        let receiver = WebhookReceiver(app: app, answers: answers)
        app.on(.POST, "**", body: .collect(maxSize: "1mb")) { req -> Response in
            let body = req.body.data.map { Data(buffer: $0) } ?? Data()
            return Response(status: HTTPResponseStatus(statusCode: Int(receiver.take(Received(path: req.url.path, headers: req.headers, body: body)))),
                            body: .init(string: "ok"))
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        receiver.port = try XCTUnwrapPort(app.http.server.shared.localAddress?.port)
        return receiver
    }

    private func take(_ request: Received) -> UInt {
        lock.withLock {
            received.append(request)
            guard var queue = answers[request.path], !queue.isEmpty else { return 200 }
            let status = queue.removeFirst()
            answers[request.path] = queue
            return status
        }
    }

    func requests(to path: String) -> [Received] { lock.withLock { received.filter { $0.path == path } } }
    var all: [Received] { lock.withLock { received } }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }
}

private func XCTUnwrapPort(_ port: Int?) throws -> Int {
    guard let port else { throw Abort(.internalServerError, reason: "the receiver has no port") }
    return port
}

/// Keeps every log line (message and metadata) written through a logger made with it.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    func handler(label: String) -> any LogHandler { Handler(log: self) }

    fileprivate func append(_ line: String) { lock.withLock { lines.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            log.append("\(level) \(message) \(metadata.merging(extra ?? [:]) { $1 })")
        }
    }
}
