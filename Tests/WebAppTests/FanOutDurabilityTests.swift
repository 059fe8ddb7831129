import FluentKit
import Foundation
import MadoguchiCore
import Mail
import Vapor
@testable import WebApp
import XCTest

/// Issue 14's reliability: the real server (the `madoguchi` binary) is killed with SIGKILL in the
/// middle of an alert's fan-out and started again, and two servers deliver from one database at
/// once; the messages are counted where they arrive, at an SMTP server that accepts a message at
/// the final `.` of its data as RFC 5321 has it (`python/smtp_script.py`; aiosmtpd drops a message
/// whose `.` arrives together with a killed client's close, bench/notices/smtp_counter.py).
///
/// The guarantee (see `MailOutbox+Delivery.swift`): exactly once. A session writes everything of a
/// message but the final `.` of its data, waits for the group commit of its hand-over mark, and
/// only then writes the `.`: killed before the commit, the server never had the end (it aborts the
/// transaction) and the message is sent again after its lease; killed after it, the message is
/// marked and never sent again — unless the server's `HandOverJournal` shows that its end never
/// entered the socket (the kill came between the mark surviving and the `.`), in which case the
/// restarted server clears the mark and sends it again. The one case left is a kill between the
/// system call that completed an end and the one that noted it (a message then arrives twice):
/// rare enough that the test asserts exactly once.
final class FanOutDurabilityTests: XCTestCase {
    static let recipients = 3_000
    var sink: ScriptedSMTPServer?
    var folder: URL!
    var servers: [Process] = []

    override func setUp() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-fanout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        for server in servers where server.isRunning { kill(server.processIdentifier, SIGKILL) }
        sink?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    func testAfterTwoSIGKILLsEveryRecipientGetsTheAlertExactlyOnce() async throws {
        let (environment, reference) = try await prepare()
        let sink = try ScriptedSMTPServer.start()
        self.sink = sink
        // Killed twice: once a quarter has arrived, and again, after a restart, at two thirds.
        var atKills: [Int] = []
        var lastKill = Date()
        for (name, share) in [("first", 4), ("second", 3 / 2)] as [(String, Double)] {
            let server = try start(environment, sink: sink, name: name)
            let deadline = Date().addingTimeInterval(120)
            while Double(sink.count("accepted")) < Double(Self.recipients) / share, server.isRunning, Date() < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            lastKill = Date()
            XCTAssertEqual(server.terminationReason, .uncaughtSignal, "the server was killed, not stopped: \(log(name))")
            atKills.append(sink.count("accepted"))
            XCTAssertLessThan(sink.count("accepted"), Self.recipients, "the kill came in the middle of the fan-out")
        }

        _ = try start(environment, sink: sink, name: "third")
        // Everything not handed over, and what the journals show was marked but never ended, is
        // sent again once its lease has run out; what was ended is settled at the round after that.
        try await waitForAll(sink, deadline: lastKill.addingTimeInterval(MailOutbox.lease + 60))
        let settled = lastKill.addingTimeInterval(MailOutbox.lease + 3)
        if settled > Date() { try await Task.sleep(for: .seconds(settled.timeIntervalSinceNow)) }
        let arrivals = try arrivalsByRecipient(sink)
        let duplicated = arrivals.filter { $0.value.count > 1 }
        let missing = Set((0..<Self.recipients).map { "r\($0)@example.jp" }).subtracting(arrivals.keys)
        let unconfirmed = try await assertAllDelivered(environment, reference: reference)
        print("FanOutDurabilityTests: \(atKills) arrived at the kills, \(duplicated.count) sent twice, \(missing.count) lost, "
              + "\(unconfirmed.count) recorded unconfirmed, \(sink.count("aborted")) transactions aborted")
        XCTAssertEqual(duplicated.count, 0, "no message was sent twice: \(duplicated.keys.sorted().prefix(5))")
        XCTAssertEqual(missing.count, 0, "no message was lost: \(missing.sorted().prefix(5)) (unconfirmed among them: \(missing.intersection(unconfirmed).count))")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("mail-handover").path), [],
                       "the killed runs' journals were recovered and removed")
    }

    func testTwoServersOnOneDatabaseDeliverEachMessageExactlyOnce() async throws {
        let (environment, reference) = try await prepare()
        let sink = try ScriptedSMTPServer.start()
        self.sink = sink
        _ = try start(environment, sink: sink, name: "a")
        _ = try start(environment, sink: sink, name: "b")
        try await waitForAll(sink, deadline: Date().addingTimeInterval(120))
        try await Task.sleep(for: .seconds(2))   // anything sent twice would arrive by now
        let arrivals = try arrivalsByRecipient(sink)
        XCTAssertEqual(arrivals.count, Self.recipients)
        XCTAssertEqual(arrivals.values.filter { $0.count > 1 }.count, 0, "no message was sent twice")
        try await assertAllDelivered(environment, reference: reference)
    }

    // MARK: - Helpers

    /// Migrates the store with the demo city and queues one alert to every recipient, as a fan-out
    /// chunk does (one `enqueueAll` per 1,000, references `alert-message:<id>`, recipients the
    /// subscriptions' ids); returns the servers' environment and the reference.
    private func prepare() async throws -> ([String: String], String) {
        var environment = ProcessInfo.processInfo.environment
        environment["MADOGUCHI_DATA_DIR"] = folder.path
        environment["MADOGUCHI_FIELD_KEYS"] = TestApp.fieldKeys
        environment["MADOGUCHI_HOST"] = "127.0.0.1"
        environment["MADOGUCHI_RETENTION_INTERVAL_SECONDS"] = "0"
        environment["MADOGUCHI_DEMO"] = "true"
        if let url = environment["DATABASE_URL"], url.hasPrefix("postgres") {
            try await TestApp.resetPostgres(url: url)
        } else {
            environment["DATABASE_URL"] = nil
        }
        let reference = "alert-message:\(UUID().uuidString.lowercased())"
        try await withApp(environment) { app in
            let found = try await Municipality.query(on: app.db).filter(\.$code == "132152").first()
            let city = try XCTUnwrap(found).requireID()
            for chunk in stride(from: 0, to: Self.recipients, by: 1_000) {
                try await app.madoguchi.mailOutbox.enqueueAll((chunk..<min(Self.recipients, chunk + 1_000)).map { n in
                    MailOutbox.Queued(MailMessage(to: "r\(n)@example.jp", subject: "【国立市】警戒レベル4 避難指示", body: "避難してください。\(n)"),
                                      kind: "notices.alert", municipalityID: city, reference: reference, recipient: "subscription:\(n)")
                }, on: app.db)
            }
        }
        return (environment, reference)
    }

    private func withApp(_ environment: [String: String], _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        do {
            let configuration = try Configuration.resolve(environment: environment, overrides: .init(dataDirectory: folder.path))
            try await configure(app, configuration: configuration, passwordCost: 4)
            try await body(app)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private func start(_ base: [String: String], sink: ScriptedSMTPServer, name: String) throws -> Process {
        let binary = try MadoguchiBinary.require()
        var environment = base
        environment["MADOGUCHI_PORT"] = String(try LiveServer.freePort())
        environment["MADOGUCHI_DEMO"] = "false"
        environment["MADOGUCHI_SMTP_HOST"] = "127.0.0.1"
        environment["MADOGUCHI_SMTP_PORT"] = String(sink.port)
        environment["MADOGUCHI_MAIL_FROM"] = "bousai@city.example.jp"
        environment["MADOGUCHI_MAIL_INTERVAL_SECONDS"] = "1"
        let server = try SubmissionDurabilityTests.start(binary, environment: environment, log: folder.appendingPathComponent("\(name).log"))
        servers.append(server)
        return server
    }

    private func log(_ name: String) -> String { (try? String(contentsOf: folder.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? "" }

    private func waitForAll(_ sink: ScriptedSMTPServer, deadline: Date) async throws {
        while Date() < deadline {
            if sink.count("accepted") >= Self.recipients, try arrivalsByRecipient(sink).count == Self.recipients { return }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Recipient → the Message-IDs of what arrived for it.
    private func arrivalsByRecipient(_ sink: ScriptedSMTPServer) throws -> [String: [String]] {
        var arrivals: [String: [String]] = [:]
        for mail in try sink.records("accepted") {
            let id = mail["message_id"] as? String ?? ""
            for recipient in mail["rcpt_tos"] as? [String] ?? [] { arrivals[recipient, default: []].append(id) }
        }
        return arrivals
    }

    /// The store agrees: every message of the alert is `delivered`. Returns the addresses of those
    /// recorded delivered without a confirmation (handed over when a kill came).
    @discardableResult
    private func assertAllDelivered(_ environment: [String: String], reference: String) async throws -> Set<String> {
        for server in servers where server.isRunning {
            server.terminate()
            server.waitUntilExit()
        }
        var reader = environment
        reader["MADOGUCHI_DEMO"] = "false"
        var unconfirmed = Set<String>()
        try await withApp(reader) { app in
            let found = try await Municipality.query(on: app.db).filter(\.$code == "132152").first()
            let city = try XCTUnwrap(found).requireID()
            let counts = try await MailOutbox.statusCounts(referencePrefix: reference, municipalityID: city, on: app.db)
            XCTAssertEqual(counts[.delivered], Self.recipients, "\(counts)")
            for row in try await OutboxMessage.query(on: app.db).filter(\.$lastError == MailOutbox.unconfirmed).all() {
                if let recipient = row.recipient, recipient.hasPrefix("subscription:") {
                    unconfirmed.insert("r\(recipient.dropFirst("subscription:".count))@example.jp")
                }
            }
        }
        return unconfirmed
    }
}
