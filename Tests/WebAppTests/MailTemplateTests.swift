import FluentKit
import Foundation
import MadoguchiCore
import Mail
import Privacy
import SQLKit
@testable import WebApp
import XCTest

/// Templated batches in the outbox (template + personalisation, on the engine of `DATABASE_URL`):
/// the text is sealed once per batch, each row holds only its address and values, the delivery
/// renders exactly the message a whole-message row would give, and bad input fails early or alone.
final class MailTemplateTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    var outbox: MailOutbox { test.app.madoguchi.mailOutbox }
    var sql: any SQLDatabase { test.app.db as! any SQLDatabase }
    static let kind = "notices.message"

    func city() async throws -> UUID { try test.kunitachi.requireID() }

    static let template = MailTemplate(
        subject: [.text("【国立市】避難指示 \"中一丁目\" <b>")],
        body: [.text("本文 ((token)) {\"f\":\"token\"} <script>\n--\n停止: https://city.example.jp/stop/"), .field("token"), .text("\n")],
        headers: [MailTemplate.Header(name: "List-Unsubscribe", value: [.text("<https://city.example.jp/stop/"), .field("token"), .text(">")]),
                  MailTemplate.Header(name: "List-Unsubscribe-Post", value: [.text("List-Unsubscribe=One-Click")])])

    func people(_ count: Int) -> [MailOutbox.Personalised] {
        (0..<count).map { MailOutbox.Personalised(to: "r\($0)@example.jp", fields: ["token": "tok\($0)"], recipient: "subscriber-\($0)") }
    }

    func count(_ table: String) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    func testTheTextIsSealedOnceAndEachRowHoldsOnlyItsAddressAndValues() async throws {
        try await outbox.enqueue(Self.template, for: people(3), kind: Self.kind, municipalityID: try await city(),
                                 reference: "notices.message:alert:1", on: test.app.db)
        let templates = try await sql.raw("SELECT document FROM mail_templates").all().map { try $0.decode(column: "document", as: String.self) }
        XCTAssertEqual(templates.count, 1, "one template for the batch")
        XCTAssertFalse(templates[0].contains("避難指示"), "the template is sealed")
        let rows = try await OutboxMessage.query(on: test.app.db).all()
        XCTAssertEqual(rows.count, 3)
        for row in rows {
            XCTAssertFalse(row.messageCiphertext.contains("example.jp"), "the address is sealed")
            let document = try test.app.madoguchi.cipher.decrypt(row.messageCiphertext, binding: FieldBinding(
                table: OutboxMessage.schema, column: "message", recordID: FieldBinding.recordID(row.requireID())))
            XCTAssertFalse(document.contains("避難指示"), "a row holds no text of the template: \(document)")
            XCTAssertLessThan(document.utf8.count, 120, "a row holds its address and values only: \(document)")
        }

        let transport = CapturingMailTransport()
        let run = try await outbox.deliverDue(via: transport, from: "bousai@city.example.jp", limit: 10, on: test.app.db)
        XCTAssertEqual(run.sent, 3)
        let sent = transport.sent.sorted { $0.to < $1.to }
        XCTAssertEqual(sent.map(\.to), ["r0@example.jp", "r1@example.jp", "r2@example.jp"])
        for (index, message) in sent.enumerated() {
            XCTAssertEqual(message.subject, "【国立市】避難指示 \"中一丁目\" <b>")
            XCTAssertEqual(message.body, "本文 ((token)) {\"f\":\"token\"} <script>\n--\n停止: https://city.example.jp/stop/tok\(index)\n",
                           "literal text is never read as a field; the field is filled")
            XCTAssertEqual(message.headers, [try MailHeader(name: "List-Unsubscribe", value: "<https://city.example.jp/stop/tok\(index)>"),
                                             try MailHeader(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click")])
        }
    }

    func testARecipientWithoutAValueOrWithAnAddressAsItsIdIsRefusedBeforeAnythingIsWritten() async throws {
        var missing = people(2)
        missing.append(MailOutbox.Personalised(to: "x@example.jp", fields: ["other": "1"], recipient: "subscriber-x"))
        do {
            try await outbox.enqueue(Self.template, for: missing, kind: Self.kind, municipalityID: try await city(), reference: "r:1", on: test.app.db)
            XCTFail("a recipient without the token was queued")
        } catch let error as MailTemplateError {
            XCTAssertEqual(error.field, "token")
        }
        let leaking = [MailOutbox.Personalised(to: "x@example.jp", fields: ["token": "t"], recipient: "x@example.jp")]
        do {
            try await outbox.enqueue(Self.template, for: leaking, kind: Self.kind, municipalityID: try await city(), reference: "r:1", on: test.app.db)
            XCTFail("an address as the clear recipient id was queued")
        } catch let error as OutboxReferenceError {
            XCTAssertEqual(error.field, "recipient")
        }
        let templates = try await count("mail_templates")
        let messages = try await count("mail_outbox")
        XCTAssertEqual(templates, 0)
        XCTAssertEqual(messages, 0)
    }

    func testAValueThatWouldBreakAHeaderFailsOnlyItsOwnMessage() async throws {
        var batch = people(2)
        batch.append(MailOutbox.Personalised(to: "x@example.jp", fields: ["token": "t\r\nBcc: victim@example.jp"], recipient: "subscriber-x"))
        try await outbox.enqueue(Self.template, for: batch, kind: Self.kind, municipalityID: try await city(), reference: "r:2", on: test.app.db)
        let transport = CapturingMailTransport()
        let run = try await outbox.deliverDue(via: transport, from: "bousai@city.example.jp", limit: 10, on: test.app.db)
        XCTAssertEqual(run.sent, 2)
        XCTAssertEqual(run.failed, 1, "refused for good, never retried")
        XCTAssertFalse(transport.sent.contains { $0.to == "x@example.jp" })
        XCTAssertFalse(transport.sent.contains { $0.headers.contains { $0.value.contains("victim") } })
    }

    func testAMessageWhoseTemplateIsGoneFailsAsUnreadable() async throws {
        try await outbox.enqueue(Self.template, for: people(1), kind: Self.kind, municipalityID: try await city(), reference: "r:3", on: test.app.db)
        try await sql.raw("DELETE FROM mail_templates").run()
        let run = try await outbox.deliverDue(via: CapturingMailTransport(), from: "bousai@city.example.jp", limit: 10, on: test.app.db)
        XCTAssertEqual(run.failed, 1)
        let error = try await sql.raw("SELECT last_error FROM mail_outbox").first()?.decode(column: "last_error", as: String?.self)
        XCTAssertEqual(error, "unreadable-template-missing")
    }

    func testThePurgeOfAKindTakesItsTemplatesAndLeavesOthers() async throws {
        let municipality = try await city()
        try await outbox.enqueue(Self.template, for: people(2), kind: Self.kind, municipalityID: municipality, reference: "r:4", on: test.app.db)
        try await outbox.enqueue(Self.template, for: people(1), kind: "forms.receipt", municipalityID: municipality, reference: "r:5", on: test.app.db)
        let later = Date().addingTimeInterval(60)
        let counts = try await MailOutbox.purge(createdBefore: later, kinds: [Self.kind], on: test.app.db)
        XCTAssertEqual(counts[municipality], 2)
        let kinds = try await sql.raw("SELECT kind FROM mail_templates").all().map { try $0.decode(column: "kind", as: String.self) }
        XCTAssertEqual(kinds, ["forms.receipt"], "only the purged kind's template is gone")
    }
}
