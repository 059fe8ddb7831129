import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
@testable import Mail
import Privacy
import SQLKit
@testable import WebApp
import XCTest

/// The outbox as a delivery service (issue 14, item 4): statuses in GOV.UK Notify's vocabulary,
/// clear references read back as counts, permanent failures per recipient, extra headers written
/// safely, one SMTP connection for many messages, and the migration that brought the statuses in
/// without losing a row. Against a real SMTP server (aiosmtpd); SQLite, or PostgreSQL with `DATABASE_URL`.
final class OutboxDeliveryTests: XCTestCase {
    var db: TestDatabase!
    var sink: SMTPSink?
    let city = UUID()
    let cipher = FieldCipher(keyRing: try! FieldKeyRing.parse("k1:" + Data(repeating: 7, count: 32).base64EncodedString()))

    override func setUp() async throws {
        try PythonPeer.require(modules: "aiosmtpd", missing: "aiosmtpd (pip install -r Tests/WebAppTests/python/requirements.txt)")
    }

    override func tearDown() async throws {
        sink?.stop()
        await db?.shutdown()
    }

    var sql: any SQLDatabase { db.database as! any SQLDatabase }

    func testStatusesReferencesAndPermanentFailuresPerRecipient() async throws {
        db = try await TestDatabase.make(migrations: MailModule.manifest.migrations)
        let sink = try SMTPSink.start(failFirst: 1, reject: "gone")
        self.sink = sink
        let outbox = MailOutbox(cipher: cipher)
        let notice = "notice:" + UUID().uuidString.lowercased()
        let other = "notice:" + UUID().uuidString.lowercased()
        let recipients = ["r1", "r2", "gone", "r4"]
        try await outbox.enqueueAll(recipients.map {
            MailOutbox.Queued(MailMessage(to: "\($0)@example.jp", subject: "お知らせ", body: "本文"), kind: "notices.notice",
                              municipalityID: city, reference: notice, recipient: "subscription:\($0)")
        } + [MailOutbox.Queued(MailMessage(to: "x@example.jp", subject: "別", body: "別"), kind: "notices.notice", municipalityID: city,
                               reference: other)], on: db.database)
        let created = try await MailOutbox.statusCounts(referencePrefix: notice, municipalityID: city, on: db.database)
        XCTAssertEqual(created[.created], 4, "only the notice's own messages")
        XCTAssertEqual(created.values.reduce(0, +), 4)

        let transport = SMTPTransport(host: "127.0.0.1", port: sink.port, heloName: "madoguchi.test")
        let before = Date()
        let run = try await outbox.deliverDue(via: transport, from: "no-reply@example.jp", limit: 10, on: db.database)
        XCTAssertEqual(run.sent, 3)
        XCTAssertEqual(run.failed, 1, "550 is final")
        XCTAssertEqual(run.retrying, 1, "the first DATA got 451")
        let counts = try await MailOutbox.statusCounts(referencePrefix: notice, municipalityID: city, on: db.database)
        let otherCounts = try await MailOutbox.statusCounts(referencePrefix: other, municipalityID: city, on: db.database)
        XCTAssertEqual(counts[.permanentFailure], 1)
        XCTAssertEqual(counts[.delivered]! + counts[.temporaryFailure]!, 3)
        XCTAssertEqual(counts[.delivered]! + otherCounts[.delivered]!, 3)
        XCTAssertEqual(counts[.temporaryFailure]! + otherCounts[.temporaryFailure]!, 1)
        let everyone = try await MailOutbox.statusCounts(referencePrefix: "notice:", municipalityID: city, on: db.database)
        XCTAssertEqual(everyone.values.reduce(0, +), 5)
        let elsewhere = try await MailOutbox.statusCounts(referencePrefix: "notice:", municipalityID: UUID(), on: db.database)
        XCTAssertEqual(elsewhere.values.reduce(0, +), 0, "another municipality's counts are its own")

        let failures = try await MailOutbox.permanentFailures(referencePrefix: "notice:", since: before, on: db.database)
        XCTAssertEqual(failures, ["subscription:gone": 1])
        let later = try await MailOutbox.permanentFailures(referencePrefix: "notice:", since: Date().addingTimeInterval(60), on: db.database)
        XCTAssertEqual(later, [:])

        // The retried one goes out once due; nothing is sent twice.
        let retry = try await outbox.deliverDue(via: transport, from: "no-reply@example.jp", now: Date().addingTimeInterval(120), on: db.database)
        XCTAssertEqual(retry.sent, 1)
        let rate = try await MailOutbox.successRate(municipalityID: city, from: .distantPast, to: .distantFuture, on: db.database)
        XCTAssertEqual(rate, 80, "4 delivered of 5 finished (the 550)")
        let noneYet = try await MailOutbox.successRate(municipalityID: UUID(), from: .distantPast, to: .distantFuture, on: db.database)
        XCTAssertNil(noneYet)
        let first = try await MailOutbox.firstDelivered(referencePrefix: notice, municipalityID: city, on: db.database)
        XCTAssertNotNil(first)
        XCTAssertGreaterThanOrEqual(first!.timeIntervalSince(before), -1)
        let neverSent = try await MailOutbox.firstDelivered(referencePrefix: "notice:none", municipalityID: city, on: db.database)
        XCTAssertNil(neverSent)
        let recipientsSeen = try sink.messages().compactMap { ($0["rcpt_tos"] as? [String])?.first }
        XCTAssertEqual(recipientsSeen.sorted(), ["r1@example.jp", "r2@example.jp", "r4@example.jp", "x@example.jp"])
        let stored = try await sql.raw("SELECT message, reference, recipient FROM mail_outbox").all()
        for row in stored {
            XCTAssertFalse(try row.decode(column: "message", as: String.self).contains("example.jp"), "addresses stay encrypted")
        }
    }

    func testReferencesAndRecipientsAreClearIdentifiersOnly() async throws {
        db = try await TestDatabase.make(migrations: MailModule.manifest.migrations)
        let outbox = MailOutbox(cipher: cipher)
        for bad in ["hanako@example.jp", "notice: 1", "", String(repeating: "a", count: 201), "notice:\n", "国立"] {
            do {
                try await outbox.enqueue(MailMessage(to: "a@example.jp", subject: "s", body: "b"), kind: "t", municipalityID: city,
                                         reference: bad, on: db.database)
                XCTFail("\(bad.debugDescription) was accepted as a reference")
            } catch is OutboxReferenceError {}
            do {
                try await outbox.enqueue(MailMessage(to: "a@example.jp", subject: "s", body: "b"), kind: "t", municipalityID: city,
                                         recipient: bad, on: db.database)
                XCTFail("\(bad.debugDescription) was accepted as a recipient")
            } catch is OutboxReferenceError {}
        }
        let rows = try await OutboxMessage.query(on: db.database).count()
        XCTAssertEqual(rows, 0, "nothing written")
        do {
            _ = try await MailOutbox.statusCounts(referencePrefix: "x' OR '1'='1", municipalityID: city, on: db.database)
            XCTFail("a prefix that is not a reference was accepted")
        } catch is OutboxReferenceError {}
    }

    func testExtraHeadersAreWrittenAndLineBreaksRefused() async throws {
        for (name, value) in [("List-Unsubscribe", "<https://x.example/u>\r\nBcc: evil@example.com"), ("X-Test", "a\nb"), ("X-Test", "a\u{0}b"),
                              ("Bcc", "evil@example.com"), ("subject", "x"), ("X Bad", "v"), ("X:Bad", "v"), ("", "v"),
                              ("X-Long", String(repeating: "a", count: 901))] {
            XCTAssertThrowsError(try MailHeader(name: name, value: value), "\(name): \(value.debugDescription)")
        }
        // A stored document that carries a header with a line break (written around the checks) does not decode…
        let forged = #"{"to":"a@example.jp","subject":"s","body":"b","headers":[{"name":"X-A","value":"v\r\nBcc: evil@example.com"}]}"#
        XCTAssertThrowsError(try JSONDecoder().decode(MailMessage.self, from: Data(forged.utf8)))
        // …and a row stored before headers existed decodes with none.
        let old = try JSONDecoder().decode(MailMessage.self, from: Data(#"{"to":"a@example.jp","subject":"s","body":"b"}"#.utf8))
        XCTAssertEqual(old.headers, [])

        let sink = try SMTPSink.start()
        self.sink = sink
        let message = MailMessage(to: "a@example.jp", subject: "件名", body: "本文", headers: [
            try MailHeader(name: "List-Unsubscribe", value: "<https://madoguchi.example.jp/132152/notices/unsubscribe?t=abc>"),
            try MailHeader(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click"),
            try MailHeader(name: "X-Madoguchi-Note", value: "緊急"),
        ])
        try await SMTPTransport(host: "127.0.0.1", port: sink.port, heloName: "madoguchi.test").send(message, from: "no-reply@example.jp")
        let mail = try XCTUnwrap(try sink.messages().first)
        let values = try XCTUnwrap(mail["header_values"] as? [String: String])
        XCTAssertEqual(values["List-Unsubscribe"], "<https://madoguchi.example.jp/132152/notices/unsubscribe?t=abc>")
        XCTAssertEqual(values["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        XCTAssertEqual(values["X-Madoguchi-Note"], "緊急", "non-ASCII values are RFC 2047 words")
        XCTAssertNil(values["Bcc"])
    }

    func testOneConnectionCarriesManyMessages() async throws {
        db = try await TestDatabase.make(migrations: MailModule.manifest.migrations)
        let sink = try SMTPSink.start(reject: "gone")
        self.sink = sink
        let outbox = MailOutbox(cipher: cipher)
        try await outbox.enqueueAll((0..<30).map {
            MailOutbox.Queued(MailMessage(to: ($0 == 10 ? "gone" : "r\($0)") + "@example.jp", subject: "s\($0)", body: "b\($0)"),
                              kind: "t", municipalityID: city, reference: "alert-message:x")
        }, on: db.database)
        let run = try await outbox.deliverDue(via: SMTPTransport(host: "127.0.0.1", port: sink.port, heloName: "madoguchi.test"),
                                              from: "no-reply@example.jp", limit: 100, on: db.database)
        XCTAssertEqual(run.sent, 29)
        XCTAssertEqual(run.failed, 1)
        let mails = try sink.messages()
        XCTAssertEqual(mails.count, 29)
        XCTAssertEqual(Set(mails.compactMap { $0["peer"] as? Int }).count, 1, "one connection for the batch, kept after a 550 (RSET between)")
        XCTAssertEqual(Set(mails.compactMap { $0["subject"] as? String }).count, 29, "each message whole, none mixed with the one before")
    }

    /// mail.0001 maps the rows written before it (state queued/sent/failed) to the new statuses, keeping every row.
    func testTheStatusMigrationKeepsEveryRow() async throws {
        db = try await TestDatabase.make(migrations: [CreateMailOutbox()])
        let rows: [(String, Int, String?)] = [("queued", 0, nil), ("queued", 2, "smtp-451"), ("queued", 1, "connect"), ("sent", 1, nil),
                                              ("failed", 1, "smtp-550"), ("failed", 8, "smtp-421"), ("failed", 8, "read")]
        let now = Date()
        for (state, attempts, error) in rows {
            try await sql.insert(into: "mail_outbox").columns("id", "municipality_id", "kind", "message", "state", "attempts", "next_attempt_at",
                                                              "last_error", "created_at")
                .values(SQLBind(UUID()), SQLBind(city), SQLBind("forms.receipt"), SQLBind("sealed"), SQLBind(state), SQLBind(attempts),
                        SQLBind(now), SQLBind(error), SQLBind(now)).run()
        }
        try await AddOutboxStatusAndReference().prepare(on: db.database)
        let statuses = try await sql.raw("SELECT status, attempts, channel FROM mail_outbox ORDER BY status, attempts").all()
            .map { "\(try $0.decode(column: "status", as: String.self)) \(try $0.decode(column: "attempts", as: Int.self)) \(try $0.decode(column: "channel", as: String.self))" }
        XCTAssertEqual(statuses, ["created 0 email", "delivered 1 email", "permanent-failure 1 email", "technical-failure 1 email",
                                  "technical-failure 8 email", "temporary-failure 2 email", "temporary-failure 8 email"])
        // The ones still pending are claimed (once mail.0003 has added the hand-over mark); the exhausted and final ones are not.
        try await AddHandedOverMark().prepare(on: db.database)
        let claimed = try await MailOutbox(cipher: cipher).claim(limit: 100, now: now.addingTimeInterval(1), on: db.database)
        XCTAssertEqual(claimed.map(\.attempts).sorted(), [1, 2, 3])
    }
}
