import FluentKit
import Audit
import Forms
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MadoguchiCore
import MadoguchiTestSupport
import Vapor
@testable import WebApp
import XCTest

/// A receipt number, once shown, is never lost: the real server is killed with SIGKILL in the middle
/// of a burst of submissions over HTTP, then every receipt it issued must be in the database, and
/// every stored application must be whole (its values decrypt, its audit entry is there).
/// Runs on the suite's engine: a SQLite file, or PostgreSQL when `DATABASE_URL` names one.
final class SubmissionDurabilityTests: XCTestCase {
    static let values = MoveOutApplication.posted(moveDate: CivilDate.today().adding(days: 7), ["agree": "yes"])

    func testEveryIssuedReceiptSurvivesASIGKILLDuringABurst() async throws {
        let binary = try MadoguchiBinary.require()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-durability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = try LiveServer.freePort()
        var environment = ProcessInfo.processInfo.environment
        environment["MADOGUCHI_DATA_DIR"] = folder.path
        environment["MADOGUCHI_FIELD_KEYS"] = TestApp.fieldKeys
        environment["MADOGUCHI_HOST"] = "127.0.0.1"
        environment["MADOGUCHI_PORT"] = String(port)
        environment["MADOGUCHI_RETENTION_INTERVAL_SECONDS"] = "0"
        environment["MADOGUCHI_DEMO"] = "true"
        if let url = environment["DATABASE_URL"], url.hasPrefix("postgres") {
            try await TestApp.resetPostgres(url: url)
        } else {
            environment["DATABASE_URL"] = nil
        }

        let server = try Self.start(binary, environment: environment, log: folder.appendingPathComponent("server.log"))
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let base = "http://127.0.0.1:\(port)/132152/forms/move-out"
        let session = try await Self.waitForForm(base, server: server, log: folder.appendingPathComponent("server.log"))

        // The burst: 8 clients submit in a loop; the server is killed once 40 receipts were shown.
        let issued = ReceiptBox()
        let killAfter = 40
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                group.addTask {
                    var n = 0
                    while true {
                        n += 1
                        var form = Self.values
                        form["_csrf"] = session.csrf
                        form["idempotency_key"] = "burst-\(client)-\(n)-\(UUID().uuidString.prefix(8))"
                        form["step"] = "2"
                        form["go"] = "submit"
                        guard let page = try? await Self.post(base, form: form, cookie: session.cookie), page.status == 200,
                              let receipt = Self.capture(#"id="receipt-number">([^<]+)<"#, in: page.body) else { return }
                        await issued.add(receipt)
                    }
                }
            }
            while await issued.count < killAfter && server.isRunning { try? await Task.sleep(for: .milliseconds(5)) }
            kill(server.processIdentifier, SIGKILL)
        }
        server.waitUntilExit()
        XCTAssertEqual(server.terminationReason, .uncaughtSignal, "the server was killed, not stopped")
        let receipts = await issued.all
        XCTAssertGreaterThanOrEqual(receipts.count, killAfter)

        // Read the store the killed server left, through the library.
        let app = try await Application.make(.testing)
        var readerEnvironment = environment
        readerEnvironment["MADOGUCHI_DEMO"] = "false"
        let configuration = try Configuration.resolve(environment: readerEnvironment, overrides: .init(dataDirectory: folder.path))
        do {
            try await configure(app, configuration: configuration, passwordCost: 4)
            let stored = try await FormApplication.query(on: app.db).all()
            let storedReceipts = Set(stored.map(\.receiptNumber))
            XCTAssertTrue(Set(receipts).isSubset(of: storedReceipts),
                          "lost receipts: \(Set(receipts).subtracting(storedReceipts).sorted())")
            for application in stored {
                let values = try app.madoguchi.formSubmissions.values(of: application)
                XCTAssertEqual(values["name"], "山田 花子", "application \(application.receiptNumber) is whole")
                XCTAssertEqual(values.count, Self.values.count)
            }
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == "forms.application.submit").count()
            XCTAssertEqual(audited, stored.count, "each application was committed with its audit entry")
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    // MARK: - The client side

    actor ReceiptBox {
        private(set) var all: [String] = []
        var count: Int { all.count }
        func add(_ receipt: String) { all.append(receipt) }
    }

    struct Session: Sendable { let cookie: String; let csrf: String }

    static func start(_ binary: URL, environment: [String: String], log: URL) throws -> Process {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve"]
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Polls until the form page answers (the first start migrates and loads the demo), then keeps its session.
    static func waitForForm(_ url: String, server: Process, log: URL) async throws -> Session {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            guard server.isRunning else { break }
            var request = URLRequest(url: URL(string: url)!)
            request.timeoutInterval = 5
            if let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse, http.statusCode == 200,
               let setCookie = http.value(forHTTPHeaderField: "Set-Cookie"),
               let csrf = capture(#"name="_csrf" value="([^"]+)""#, in: String(decoding: data, as: UTF8.self)) {
                return Session(cookie: String(setCookie.split(separator: ";")[0]), csrf: csrf)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        struct DidNotStart: Error, CustomStringConvertible { let description: String }
        throw DidNotStart(description: "the server did not start: " + ((try? String(contentsOf: log, encoding: .utf8)) ?? ""))
    }

    static func post(_ url: String, form: [String: String], cookie: String) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.timeoutInterval = 10
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        request.httpBody = Data(form.map { key, value in
            key.addingPercentEncoding(withAllowedCharacters: allowed)! + "=" + value.addingPercentEncoding(withAllowedCharacters: allowed)!
        }.joined(separator: "&").utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func capture(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}
