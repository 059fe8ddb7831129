import FluentKit
import Forms
import Foundation
import MadoguchiCore
import Mail
import SQLKit
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// E-mail through the database outbox to a real SMTP server (aiosmtpd): the receipt mail is queued
/// with the application, encrypted at rest, retried after a temporary failure, and never sent twice
/// when two instances deliver at once.
final class MailOutboxTests: XCTestCase {
    var test: TestApp!
    var sink: SMTPSink!

    override func setUp() async throws {
        try PythonPeer.require(modules: "aiosmtpd", missing: "aiosmtpd (pip install -r Tests/WebAppTests/python/requirements.txt)")
        test = try await makeTestApp()
    }

    override func tearDown() async throws {
        sink?.stop()
    }

    func testReceiptMailIsQueuedEncryptedRetriedAndDeliveredOnce() async throws {
        sink = try SMTPSink.start(failFirst: 1)
        let transport = SMTPTransport(host: "127.0.0.1", port: sink.port, heloName: "madoguchi.test")
        let outbox = test.app.madoguchi.mailOutbox

        // A resident applies over HTTP.
        let browser = Browser(app: test.app)
        let token = try await browser.csrfToken(from: "/132152/forms/move-out")
        var form = SubmissionDurabilityTests.values
        form["_csrf"] = token
        form["idempotency_key"] = "mail-test-0000000001"
        form["step"] = "2"
        form["go"] = "submit"
        let done = try await browser.post("/132152/forms/move-out", form: form)
        XCTAssertEqual(done.status, .ok, done.body.string)
        let receipt = try XCTUnwrap(SubmissionDurabilityTests.capture(#"id="receipt-number">([^<]+)<"#, in: done.body.string))

        let sql = test.app.db as! any SQLDatabase
        let stored = try await sql.raw("SELECT \(ident: "message") FROM mail_outbox").all().map { try $0.decode(column: "message", as: String.self) }
        XCTAssertEqual(stored.count, 1)
        XCTAssertFalse(stored[0].contains("hanako"), "the address is encrypted at rest")

        // The server answers 451 the first time: the message waits and is retried later.
        let first = try await outbox.deliverDue(via: transport, from: "no-reply@city.example.jp", on: test.app.db)
        XCTAssertEqual(first, { var r = MailOutbox.Run(); r.retrying = 1; return r }())
        let notYet = try await outbox.deliverDue(via: transport, from: "no-reply@city.example.jp", on: test.app.db)
        XCTAssertEqual(notYet, MailOutbox.Run(), "not due again before its delay")
        let second = try await outbox.deliverDue(via: transport, from: "no-reply@city.example.jp", now: Date().addingTimeInterval(120), on: test.app.db)
        XCTAssertEqual(second.sent, 1)

        let mails = try sink.messages()
        XCTAssertEqual(mails.count, 1)
        let mail = try XCTUnwrap(mails.first)
        XCTAssertEqual(mail["rcpt_tos"] as? [String], ["hanako@example.jp"])
        XCTAssertEqual(mail["mail_from"] as? String, "no-reply@city.example.jp")
        XCTAssertEqual(mail["charset"] as? String, "utf-8")
        let subject = try XCTUnwrap(mail["subject"] as? String)
        XCTAssertTrue(subject.contains("国立市") && subject.contains(receipt), subject)
        let body = try XCTUnwrap(mail["body"] as? String)
        XCTAssertTrue(body.contains(receipt))
        XCTAssertTrue(body.contains("/132152/forms/status"))
        XCTAssertFalse(body.contains("山田"), "the application's values are not mailed")

        // Two instances delivering at once send each message exactly once.
        for n in 0..<6 {
            try await outbox.enqueue(MailMessage(to: "resident\(n)@example.jp", subject: "件名\(n)", body: "本文\(n)"), kind: "test",
                                     municipalityID: test.kunitachi.requireID(), on: test.app.db)
        }
        let database = test.app.db
        async let a = outbox.deliverDue(via: transport, from: "no-reply@city.example.jp", limit: 4, on: database)
        async let b = outbox.deliverDue(via: transport, from: "no-reply@city.example.jp", limit: 4, on: database)
        let (runA, runB) = try await (a, b)
        let rest = try await outbox.deliverDue(via: transport, from: "no-reply@city.example.jp", on: database)
        XCTAssertEqual(runA.sent + runB.sent + rest.sent, 6)
        let recipients = try sink.messages().compactMap { ($0["rcpt_tos"] as? [String])?.first }
        XCTAssertEqual(recipients.count, 7)
        XCTAssertEqual(Set(recipients).count, 7, "no message was sent twice")
    }

    /// The server's own delivery job, configured by environment, sends a receipt mail in the background.
    func testTheConfiguredDeliveryJobSendsReceiptsInTheBackground() async throws {
        sink = try SMTPSink.start()
        try await test.shutdown()
        test = try await makeTestApp(extraEnvironment: ["MADOGUCHI_SMTP_HOST": "127.0.0.1", "MADOGUCHI_SMTP_PORT": String(sink.port),
                                                         "MADOGUCHI_MAIL_FROM": "kunitachi@city.example.jp", "MADOGUCHI_MAIL_INTERVAL_SECONDS": "1",
                                                         "MADOGUCHI_PUBLIC_URL": "https://madoguchi.city.example.jp/"])
        try await test.app.asyncBoot()   // as `serve` does: starts the lifecycle jobs
        let browser = Browser(app: test.app)
        let token = try await browser.csrfToken(from: "/132152/forms/move-out")
        var form = SubmissionDurabilityTests.values
        form.merge(["_csrf": token, "idempotency_key": "mail-job-0000000001", "step": "2", "go": "submit"]) { _, new in new }
        let done = try await browser.post("/132152/forms/move-out", form: form)
        XCTAssertEqual(done.status, .ok)
        var mails: [[String: Any]] = []
        for _ in 0..<100 where mails.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            mails = try sink.messages()
        }
        let mail = try XCTUnwrap(mails.first, "no mail within 10 seconds")
        XCTAssertEqual(mail["mail_from"] as? String, "kunitachi@city.example.jp")
        XCTAssertTrue((mail["body"] as? String)?.contains("https://madoguchi.city.example.jp/132152/forms/status") ?? false,
                      "links use the configured public address, without a doubled slash")
    }

    func testHeaderInjectionInASubjectStaysInTheSubject() throws {
        let text = try SMTPTransport.render(MailMessage(to: "a@example.jp", subject: "件名\r\nBcc: evil@example.com", body: ".\r\n本文"),
                                        from: "no-reply@example.jp", date: Date(), messageID: "x@y")
        XCTAssertFalse(text.contains("\r\nBcc:"))
        XCTAssertFalse(text.contains("\r\n.\r\n"), "no line is a lone dot")
    }
}

/// The aiosmtpd server of `python/smtp_sink.py`, on a free port, storing what it accepts as JSON.
final class SMTPSink {
    let process: Process
    let input: Pipe
    let folder: URL
    let port: Int

    private init(process: Process, input: Pipe, folder: URL, port: Int) {
        self.process = process
        self.input = input
        self.folder = folder
        self.port = port
    }

    static func start(failFirst: Int = 0, reject: String? = nil) throws -> SMTPSink {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PythonPeer.repositoryRoot.appendingPathComponent("Tests/WebAppTests/python/smtp_sink.py").path,
                             folder.path, "--fail-first", String(failFirst)] + (reject.map { ["--reject", $0] } ?? [])
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw XCTSkip("the SMTP sink did not start: \(text)")
        }
        return SMTPSink(process: process, input: input, folder: folder, port: port)
    }

    /// How many messages it accepted so far (without reading them).
    func count() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.count
    }

    /// The accepted messages, in order.
    func messages() throws -> [[String: Any]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .sorted { Int($0.dropLast(5))! < Int($1.dropLast(5))! }
        return try names.map { try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent($0))) as! [String: Any] }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
