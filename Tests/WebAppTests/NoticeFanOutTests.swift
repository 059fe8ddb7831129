import FluentKit
import Foundation
import Forms
import Mail
import MadoguchiCore
import Notices
import Privacy
import SQLKit
import Vapor
@testable import WebApp
import XCTest

/// Issue 14's fan-out beyond the first mail: corrections (更新) are mailed once each, an alert wakes
/// the fan-out and the delivery at once instead of waiting for their poll, and each module's
/// retention purges only its own mails from the shared outbox. On the engine `DATABASE_URL` picks.
final class NoticeFanOutTests: XCTestCase {
    var test: TestApp!

    func setUpCity(_ environment: [String: String] = [:]) async throws {
        test = try await makeTestApp(extraEnvironment: environment)
        for (code, name) in [("naka-1", "中一丁目"), ("yaho", "谷保")] {
            try await NoticeAreas(audit: test.app.madoguchi.audit).add(municipalityID: test.kunitachi.requireID(), code: code, name: name,
                                                                       nameEnglish: code, by: .system, on: test.app.db)
        }
    }

    var fanOuts: NoticeFanOuts { NoticeFanOuts(cipher: test.app.madoguchi.cipher, outbox: test.app.madoguchi.mailOutbox, publicURL: "http://localhost") }
    var commands: NoticeCommands { NoticeCommands(audit: test.app.madoguchi.audit) }

    /// One confirmed subscriber of `kurashi` for the whole city, written as the module keeps it.
    func addSubscriber(_ address: String) async throws {
        let id = UUID(), now = Date()
        let sealed = try test.app.madoguchi.cipher.encrypt(address, binding: FieldBinding(table: NoticeSubscription.schema, column: "address",
                                                                                          recordID: FieldBinding.recordID(id)))
        try await (test.app.db as! any SQLDatabase).insert(into: NoticeSubscription.schema)
            .columns("id", "municipality_id", "address", "address_index", "categories", "area_codes", "language", "state",
                     "permanent_failures", "account_mails", "account_mails_since", "created_at", "confirmed_at")
            .values(SQLBind(id), SQLBind(try test.kunitachi.requireID()), SQLBind(sealed), SQLBind("index-\(address)"), SQLBind("|kurashi|"),
                    SQLBind(""), SQLBind("ja"), SQLBind("active"), SQLBind(0), SQLBind(0), SQLBind(now), SQLBind(now), SQLBind(now))
            .run()
    }

    /// The notices' mails queued so far, decrypted, oldest first.
    func mails() async throws -> [(row: OutboxMessage, message: MailMessage)] {
        var mails: [(row: OutboxMessage, message: MailMessage)] = []
        for row in try await OutboxMessage.query(on: test.app.db).filter(\.$kind == NoticeSubscriptions.messageMailKind).all()
            .sorted(by: { ($0.createdAt ?? .distantPast, $0.reference ?? "") < ($1.createdAt ?? .distantPast, $1.reference ?? "") }) {
            mails.append((row, try await test.app.madoguchi.mailOutbox.message(of: row, on: test.app.db)))
        }
        return mails
    }

    func queued() async throws -> Int { try await fanOuts.queueDue(on: test.app.db) }

    func testEachCorrectionOfAPublishedNoticeIsMailedOnceMarkedAsAnUpdate() async throws {
        try await setUpCity()
        try await addSubscriber("hanako@example.jp")
        let city = try test.kunitachi.requireID()
        let draft = try await commands.create(municipalityID: city, NoticeInput(title: "ごみ収集日の変更", body: "月曜日になります。", category: "kurashi"),
                                              by: .system, on: test.app.db)
        let id = try draft.requireID()
        // Edits of a draft send nothing.
        _ = try await commands.update(id, municipalityID: city, NoticeInput(title: "ごみ収集日の変更（案）", body: "月曜日。", category: "kurashi"),
                                      by: .system, on: test.app.db)
        var count = try await queued()
        XCTAssertEqual(count, 0, "a draft is not mailed, nor its edits")

        _ = try await commands.publish(id, municipalityID: city, by: .system, on: test.app.db)
        count = try await queued()
        XCTAssertEqual(count, 1)
        var sent = try await mails()
        XCTAssertEqual(sent.count, 1)
        XCTAssertFalse(sent[0].message.subject.contains("更新"), "the publication itself is no correction: \(sent[0].message.subject)")

        _ = try await commands.update(id, municipalityID: city, NoticeInput(title: "ごみ収集日の変更", body: "火曜日になります。", category: "kurashi"),
                                      note: "収集日を火曜日に訂正しました", by: .system, on: test.app.db)
        count = try await queued()
        XCTAssertEqual(count, 1, "the correction is mailed")
        count = try await queued()
        XCTAssertEqual(count, 0, "once")
        sent = try await mails()
        XCTAssertEqual(sent.count, 2)
        let correction = try XCTUnwrap(sent.first { $0.row.reference?.hasSuffix(":2") == true })
        XCTAssertEqual(correction.message.to, "hanako@example.jp")
        XCTAssertTrue(correction.message.subject.contains("【更新】") && correction.message.subject.contains("ごみ収集日の変更"),
                      correction.message.subject)
        XCTAssertTrue(correction.message.body.contains("収集日を火曜日に訂正しました") && correction.message.body.contains("火曜日になります。"),
                      "the note and the corrected text")
        XCTAssertEqual(correction.row.reference, "notices:notice:\(id.uuidString.lowercased()):2")
        XCTAssertNotNil(correction.message.headers.first { $0.name == "List-Unsubscribe" }, "one-click unsubscribe like every notice mail")

        _ = try await commands.update(id, municipalityID: city, NoticeInput(title: "ごみ収集日の変更", body: "水曜日になります。", category: "kurashi"),
                                      note: "再訂正", by: .system, on: test.app.db)
        count = try await queued()
        XCTAssertEqual(count, 1, "each correction once")
        sent = try await mails()
        XCTAssertEqual(Set(sent.compactMap(\.row.reference)).count, 3)
        let third = try XCTUnwrap(sent.first { $0.row.reference?.hasSuffix(":3") == true })
        XCTAssertTrue(third.message.body.contains("水曜日になります。"))
    }

    func testACorrectionBeforeTheNoticeIsVisibleSendsOnlyThePublicationWithTheCorrectedText() async throws {
        try await setUpCity()
        try await addSubscriber("taro@example.jp")
        let city = try test.kunitachi.requireID()
        let later = NoticeInput.formValue(Date().addingTimeInterval(3 * 86_400))
        let draft = try await commands.create(municipalityID: city, NoticeInput(title: "説明会", body: "10日です。", category: "kurashi", publishAt: later),
                                              by: .system, on: test.app.db)
        let id = try draft.requireID()
        _ = try await commands.publish(id, municipalityID: city, by: .system, on: test.app.db)
        _ = try await commands.update(id, municipalityID: city, NoticeInput(title: "説明会", body: "11日です。", category: "kurashi", publishAt: later),
                                      note: "日付の訂正", by: .system, on: test.app.db)
        var count = try await queued()
        XCTAssertEqual(count, 0, "not visible yet: nothing sent")
        let records = try await NoticeFanOut.query(on: test.app.db).filter(\.$subjectID == id).count()
        XCTAssertEqual(records, 1, "no fan-out for a correction residents never saw the original of")
        count = try await fanOuts.queueDue(now: Date().addingTimeInterval(4 * 86_400), on: test.app.db)
        XCTAssertEqual(count, 1)
        let sent = try await mails()
        XCTAssertEqual(sent.count, 1)
        XCTAssertTrue(sent[0].message.body.contains("11日です。"), "the publication carries the corrected text")
        XCTAssertFalse(sent[0].message.subject.contains("更新"))
    }

    /// Forms' retention purges Forms' mails only; the subscriptions' retention purges the notices' own.
    func testEachModulesRetentionPurgesOnlyItsOwnMailsFromTheSharedOutbox() async throws {
        try await setUpCity()
        let city = try test.kunitachi.requireID()
        let outbox = test.app.madoguchi.mailOutbox
        for kind in FormMailRetention.mailKinds + SubscriptionRetention.mailKinds + ["notices.webhook.other"] {
            try await outbox.enqueue(MailMessage(to: "x@example.jp", subject: kind, body: "b"), kind: kind, municipalityID: city, on: test.app.db)
        }
        // All of them older than both files' retention.
        try await (test.app.db as! any SQLDatabase).raw("UPDATE mail_outbox SET created_at = \(bind: Date().addingTimeInterval(-90 * 86_400))").run()
        let cutoff = Date().addingTimeInterval(-30 * 86_400)
        func kinds() async throws -> Set<String> { Set(try await OutboxMessage.query(on: test.app.db).all().map(\.kind)) }

        let forms = try await FormMailRetention().purge(startedBefore: cutoff, on: test.app.db)
        XCTAssertEqual(forms[city], FormMailRetention.mailKinds.count, "Forms' three kinds, counted for the city")
        var left = try await kinds()
        XCTAssertEqual(left, Set(SubscriptionRetention.mailKinds + ["notices.webhook.other"]), "the notices' mails are left alone")

        let notices = try await SubscriptionRetention().purge(startedBefore: cutoff, on: test.app.db)
        XCTAssertEqual(notices[city], SubscriptionRetention.mailKinds.count)
        left = try await kinds()
        XCTAssertEqual(left, ["notices.webhook.other"], "a kind neither file holds stays")

        // Newer than the cutoff: kept.
        try await outbox.enqueue(MailMessage(to: "y@example.jp", subject: "s", body: "b"), kind: "forms.receipt", municipalityID: city, on: test.app.db)
        _ = try await FormMailRetention().purge(startedBefore: cutoff, on: test.app.db)
        left = try await kinds()
        XCTAssertEqual(left, ["notices.webhook.other", "forms.receipt"])
    }

    /// The delivery and fan-out jobs poll every 30 s here; an alert's mail still arrives within
    /// seconds, because issuing it wakes the fan-out and the fan-out wakes the delivery.
    func testAnAlertIsMailedAtOnceNotAtTheNextPoll() async throws {
        try PythonPeer.require(modules: "aiosmtpd", missing: "aiosmtpd (pip install -r Tests/WebAppTests/python/requirements.txt)")
        let sink = try SMTPSink.start()
        addTeardownBlock { sink.stop() }
        try await setUpCity(["MADOGUCHI_SMTP_HOST": "127.0.0.1", "MADOGUCHI_SMTP_PORT": String(sink.port),
                             "MADOGUCHI_MAIL_FROM": "bousai@city.example.jp", "MADOGUCHI_MAIL_INTERVAL_SECONDS": "30"])
        try await addSubscriber("jiro@example.jp")
        // An instance whose jobs run: their first round finds nothing, then they sleep 30 s.
        _ = try await startAnotherInstance(of: test, boot: true)
        try await Task.sleep(for: .seconds(2))
        XCTAssertEqual(sink.count(), 0)

        let issued = Date()
        _ = try await AlertCommands(audit: test.app.madoguchi.audit, publicURL: "http://localhost")
            .issue(municipality: test.kunitachi, AlertInput(level: "4", areaCodes: ["naka-1"]), by: .system, on: test.app.db)
        while sink.count() == 0, Date().timeIntervalSince(issued) < 20 { try await Task.sleep(for: .milliseconds(50)) }
        XCTAssertEqual(sink.count(), 1, "the alert arrived before the jobs' 30 s poll")
        XCTAssertLessThan(Date().timeIntervalSince(issued), 20)
        let mail = try XCTUnwrap(sink.messages().first)
        XCTAssertEqual(mail["rcpt_tos"] as? [String], ["jiro@example.jp"])
        XCTAssertTrue((mail["subject"] as? String ?? "").contains("警戒レベル4"))
    }
}
