import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
@testable import Mail
import Privacy
import SQLKit
@testable import WebApp
import XCTest

/// Issue 14's delivery at fan-out speed: several SMTP connections per batch with the outcomes
/// committed in batches, and the lease on `sending` that lets an attempt cut off by a crash be
/// retried (or end as a failure on its last attempt) instead of staying `sending` for ever.
/// Against a real SMTP server (aiosmtpd); SQLite, or PostgreSQL with `DATABASE_URL`.
final class OutboxLeaseTests: XCTestCase {
    var db: TestDatabase!
    var sink: SMTPSink?
    let city = UUID()
    let cipher = FieldCipher(keyRing: try! FieldKeyRing.parse("k1:" + Data(repeating: 7, count: 32).base64EncodedString()))

    override func setUp() async throws {
        try PythonPeer.require(modules: "aiosmtpd", missing: "aiosmtpd (pip install -r Tests/WebAppTests/python/requirements.txt)")
        db = try await TestDatabase.make(migrations: MailModule.manifest.migrations)
    }

    override func tearDown() async throws {
        sink?.stop()
        await db?.shutdown()
    }

    var sql: any SQLDatabase { db.database as! any SQLDatabase }

    func queue(_ count: Int, reference: String = "alert-message:lease") async throws {
        try await MailOutbox(cipher: cipher).enqueueAll((0..<count).map {
            MailOutbox.Queued(MailMessage(to: "r\($0)@example.jp", subject: "警戒レベル4 \($0)", body: "避難してください。\n\($0)"),
                              kind: "notices.message", municipalityID: city, reference: reference, recipient: "subscription:\($0)")
        }, on: db.database)
    }

    func statuses() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await sql.raw("SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status").all() {
            counts[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    func testSeveralConnectionsDeliverEveryMessageOnceAndMarkThemInBatches() async throws {
        let sink = try SMTPSink.start(reject: "r7@")
        self.sink = sink
        try await queue(120)
        let run = try await MailOutbox(cipher: cipher).deliverDue(via: SMTPTransport(host: "127.0.0.1", port: sink.port, heloName: "madoguchi.test"),
                                                                  from: "no-reply@example.jp", limit: 500, connections: 4, on: db.database)
        XCTAssertEqual(run.sent, 119)
        XCTAssertEqual(run.failed, 1, "r7's 550 is final (RSET, and the connection goes on)")
        let mails = try sink.messages()
        XCTAssertEqual(mails.count, 119)
        let recipients = mails.flatMap { $0["rcpt_tos"] as? [String] ?? [] }
        XCTAssertEqual(Set(recipients).count, 119, "no message twice")
        XCTAssertEqual(Set(mails.compactMap { $0["peer"] as? Int }).count, 4, "four connections, each kept for its share")
        for mail in mails {
            let to = try XCTUnwrap((mail["rcpt_tos"] as? [String])?.first)
            let n = to.dropFirst().prefix { $0.isNumber }
            XCTAssertEqual(mail["subject"] as? String, "警戒レベル4 \(n)", "each message whole, on whichever connection")
        }
        let value1 = try await statuses()
        XCTAssertEqual(value1, ["delivered": 119, "permanent-failure": 1])
        let unmarked = try await sql.raw("SELECT COUNT(*) AS n FROM mail_outbox WHERE claimed_until IS NOT NULL OR (status = 'delivered' AND sent_at IS NULL)")
            .first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(unmarked, 0, "every lease ended, every delivered message has its time")
    }

    /// A crash while a batch is `sending`: the claim happened, no outcome was written. Until the
    /// lease runs out nobody takes the messages again; after it, the next round sends them.
    func testAnAttemptCutOffByACrashIsTakenAgainOnceItsLeaseHasRunOut() async throws {
        let sink = try SMTPSink.start()
        self.sink = sink
        try await queue(5)
        let outbox = MailOutbox(cipher: cipher)
        let claimed = try await outbox.claim(limit: 10, now: Date(), on: db.database)
        XCTAssertEqual(claimed.count, 5)
        let value2 = try await statuses()
        XCTAssertEqual(value2, ["sending": 5])
        // The process dies here. Another round within the lease finds nothing to take.
        let transport = SMTPTransport(host: "127.0.0.1", port: sink.port, heloName: "madoguchi.test")
        let early = try await outbox.deliverDue(via: transport, from: "no-reply@example.jp", limit: 10, connections: 2,
                                                now: Date().addingTimeInterval(MailOutbox.lease / 2), on: db.database)
        XCTAssertEqual(early, MailOutbox.Run(), "still leased")
        XCTAssertEqual(sink.count(), 0)
        let late = try await outbox.deliverDue(via: transport, from: "no-reply@example.jp", limit: 10, connections: 2,
                                               now: Date().addingTimeInterval(MailOutbox.lease + 1), on: db.database)
        XCTAssertEqual(late.sent, 5, "taken again after the lease")
        XCTAssertEqual(sink.count(), 5)
        let value3 = try await statuses()
        XCTAssertEqual(value3, ["delivered": 5])
        let attempts = try await sql.raw("SELECT MAX(attempts) AS n FROM mail_outbox").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(attempts, 2, "the cut attempt counts")
    }

    /// Cut off on its last attempt, a message would stay `sending` for ever (no attempt is left to
    /// take it again): once its lease has run out it is recorded as a technical failure.
    func testACutLastAttemptEndsAsATechnicalFailureOnceItsLeaseHasRunOut() async throws {
        try await queue(2)
        try await sql.raw("UPDATE mail_outbox SET attempts = \(unsafeRaw: String(MailOutbox.maxAttempts - 1))").run()
        let outbox = MailOutbox(cipher: cipher)
        let claimed = try await outbox.claim(limit: 1, now: Date(), on: db.database)
        XCTAssertEqual(claimed.count, 1)
        // Within the lease nothing changes; the other message is no business of the expiry.
        let value4 = try await outbox.expireCutLastAttempts(now: Date().addingTimeInterval(5), on: db.database)
        XCTAssertEqual(value4, 0)
        let value5 = try await statuses()
        XCTAssertEqual(value5, ["sending": 1, "created": 1])
        let value6 = try await outbox.expireCutLastAttempts(now: Date().addingTimeInterval(MailOutbox.lease + 1), on: db.database)
        XCTAssertEqual(value6, 1)
        let value7 = try await statuses()
        XCTAssertEqual(value7, ["technical-failure": 1, "created": 1])
        let row = try await sql.raw("SELECT last_error, claimed_until FROM mail_outbox WHERE status = 'technical-failure'").first()!
        XCTAssertEqual(try row.decode(column: "last_error", as: String.self), "lease-expired")
        XCTAssertTrue(try row.decodeNil(column: "claimed_until"))
        let counts = try await MailOutbox.statusCounts(referencePrefix: "alert-message:lease", municipalityID: city, on: db.database)
        XCTAssertEqual(counts[.sending], 0, "nothing left sending")
    }

    /// `MADOGUCHI_MAIL_CONNECTIONS`: 16 unless set (as `MailOutbox.defaultConnections`), 1–32, anything else refused at start-up with the setting named.
    func testTheConnectionCountIsCheckedAtStartUp() throws {
        let base = ["MADOGUCHI_DATA_DIR": NSTemporaryDirectory()]
        XCTAssertEqual(try Configuration.resolve(environment: base).mail.connections, 16)
        XCTAssertEqual(MailOutbox.defaultConnections, 16)
        XCTAssertEqual(try Configuration.resolve(environment: base.merging(["MADOGUCHI_MAIL_CONNECTIONS": "32"]) { $1 }).mail.connections, 32)
        for value in ["0", "33", "-1", "9223372036854775807", "99999999999999999999", "four", "4 ", "<b>"] {
            XCTAssertThrowsError(try Configuration.resolve(environment: base.merging(["MADOGUCHI_MAIL_CONNECTIONS": value]) { $1 })) { error in
                XCTAssertTrue(String(describing: error).contains("MADOGUCHI_MAIL_CONNECTIONS"), "the message names the setting: \(error)")
            }
        }
    }

    /// `enqueueAll` seals a document (`MailMessage.jsonDocument`, written byte by byte) that
    /// `JSONDecoder` reads back as the same message, with any character in the text.
    func testTheQueuedDocumentReadsBackWhateverTheText() async throws {
        let hostile = "\"quoted\" \\ back\u{0}slash\u{1F}\r\n\t<tag> ＆ 😀 \u{2028}"
        let header = try MailHeader(name: "List-Unsubscribe", value: "<https://example.jp/u/\"x\">")
        try await MailOutbox(cipher: cipher).enqueueAll([MailOutbox.Queued(MailMessage(to: "a@example.jp", subject: hostile, body: hostile,
                                                                                     headers: [header]), kind: "t", municipalityID: city)],
                                                        on: db.database)
        let first = try await OutboxMessage.query(on: db.database).first()
        let row = try XCTUnwrap(first)
        let json = try cipher.decrypt(row.messageCiphertext, binding: FieldBinding(table: OutboxMessage.schema, column: "message",
                                                                                   recordID: FieldBinding.recordID(row.requireID())))
        let read = try JSONDecoder().decode(MailMessage.self, from: Data(json.utf8))
        XCTAssertEqual(read, MailMessage(to: "a@example.jp", subject: hostile, body: hostile, headers: [header]))
        XCTAssertEqual(row.status, "created")
        XCTAssertEqual(row.channel, "email")
        XCTAssertEqual(row.attempts, 0)
        do {
            try await MailOutbox(cipher: cipher).enqueueAll(
                [MailOutbox.Queued(MailMessage(to: "b@example.jp", subject: "s", body: "b"), kind: "t", municipalityID: city),
                 MailOutbox.Queued(MailMessage(to: "a@example.jp", subject: "s", body: "b"), kind: "t", municipalityID: city,
                                   recipient: "a@example.jp")],
                on: db.database)
            XCTFail("an address is not a clear recipient id")
        } catch {
            XCTAssertTrue(error is OutboxReferenceError)
        }
        let stored = try await OutboxMessage.query(on: db.database).count()
        XCTAssertEqual(stored, 1, "nothing of the refused call written, not even its valid first message")
    }
}
