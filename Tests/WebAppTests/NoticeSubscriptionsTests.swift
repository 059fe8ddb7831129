import FluentKit
import Foundation
import Mail
import MadoguchiCore
import Notices
import Privacy
import SQLKit
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// Issue 14, item 3: mail subscriptions through HTTP and the library, on the engine `DATABASE_URL` picks.
final class NoticeSubscriptionsTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws {
        test = try await makeTestApp()
        let audit = test.app.madoguchi.audit
        for (code, name) in [("naka-1", "中一丁目"), ("yaho", "谷保")] {
            try await NoticeAreas(audit: audit).add(municipalityID: test.kunitachi.requireID(), code: code, name: name, nameEnglish: code,
                                                    by: .system, on: test.app.db)
        }
    }

    var subscriptions: NoticeSubscriptions {
        NoticeSubscriptions(cipher: test.app.madoguchi.cipher, outbox: test.app.madoguchi.mailOutbox, publicURL: "http://localhost")
    }
    var fanOuts: NoticeFanOuts { NoticeFanOuts(cipher: test.app.madoguchi.cipher, outbox: test.app.madoguchi.mailOutbox, publicURL: "http://localhost") }

    struct Mail { let row: OutboxMessage; let message: MailMessage }

    /// Every queued mail of `kind`, decrypted, oldest first.
    func mails(kind: String) async throws -> [Mail] {
        var mails: [Mail] = []
        for row in try await OutboxMessage.query(on: test.app.db).filter(\.$kind == kind).all()
            .sorted(by: { $0.createdAt ?? .distantPast < $1.createdAt ?? .distantPast }) {
            mails.append(Mail(row: row, message: try await test.app.madoguchi.mailOutbox.message(of: row, on: test.app.db)))
        }
        return mails
    }

    func link(_ path: String, in body: String) throws -> String {
        let marker = "/132152/\(path)/"
        let range = try XCTUnwrap(body.range(of: marker), "no \(path) link in \(body)")
        return "/132152/\(path)/" + body[range.upperBound...].prefix { !$0.isWhitespace }
    }

    func state(of address: String) async throws -> NoticeSubscription.State? {
        let cipher = test.app.madoguchi.cipher
        for row in try await NoticeSubscription.query(on: test.app.db).all() {
            let stored = try cipher.decrypt(row.addressCiphertext, binding: FieldBinding(table: NoticeSubscription.schema, column: "address",
                                                                                           recordID: FieldBinding.recordID(row.id!)))
            if stored == address { return row.state }
        }
        return nil
    }

    func subscribe(_ browser: Browser, _ address: String, categories: [String] = ["kurashi"], areas: [String] = ["naka-1"]) async throws -> XCTHTTPResponse {
        _ = try await browser.get("/132152/notices/subscribe")
        return try await browser.postPairs("/132152/notices/subscribe", [("address", address)] + categories.map { ("categories[]", $0) }
                                           + areas.map { ("areas[]", $0) } + [("language", "ja")])
    }

    @discardableResult
    func publish(_ title: String, category: String = "kurashi", areas: [String] = []) async throws -> Notice {
        let commands = NoticeCommands(audit: test.app.madoguchi.audit)
        let notice = try await commands.create(municipalityID: test.kunitachi.requireID(),
                                               NoticeInput(title: title, body: "本文です。", category: category, areaCodes: areas), by: .system, on: test.app.db)
        return try await commands.publish(notice.requireID(), municipalityID: test.kunitachi.requireID(), by: .system, on: test.app.db)
    }

    func testDoubleOptInThenNoticesAndAlertsThenOneClickUnsubscribe() async throws {
        let browser = Browser(app: test.app)
        let form = try await browser.get("/132152/notices/subscribe")
        XCTAssertEqual(form.status, .ok)
        XCTAssertTrue(form.body.string.contains("name=\"address\"") && form.body.string.contains("中一丁目"))
        let answer = try await subscribe(browser, "hanako@example.jp")
        XCTAssertEqual(answer.status, .ok, answer.body.string)
        XCTAssertTrue(answer.body.string.contains("メールを送りました"))
        try await assertEqual(try await state(of: "hanako@example.jp"), .pending)

        let accountMails = try await mails(kind: NoticeSubscriptions.accountMailKind)
        let confirmation = try XCTUnwrap(accountMails.last)
        XCTAssertEqual(confirmation.message.to, "hanako@example.jp")
        XCTAssertTrue(confirmation.message.subject.contains("登録の確認"))
        let confirmLink = try link("notices/subscribe/confirm", in: confirmation.message.body)

        // Unconfirmed: a published notice is not sent.
        try await publish("ごみ収集日の変更")
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 0, "an unconfirmed address gets nothing")

        // Opening the link (a GET, as a mail scanner does) changes nothing; its button confirms.
        let page = try await browser.get(confirmLink)
        XCTAssertEqual(page.status, .ok)
        try await assertEqual(try await state(of: "hanako@example.jp"), .pending)
        let confirmed = try await browser.postPairs(confirmLink, [])
        XCTAssertEqual(confirmed.status, .ok, confirmed.body.string)
        try await assertEqual(try await state(of: "hanako@example.jp"), .active)
        try await assertEqual(try await browser.postPairs(confirmLink, []).status, .notFound, "a confirmation link works once")

        // A notice of the chosen category for the whole city is sent, with the one-click headers.
        let notice = try await publish("図書館の休館日")
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 1)
        let messages = try await mails(kind: NoticeSubscriptions.messageMailKind)
        let sent = try XCTUnwrap(messages.last)
        XCTAssertEqual(sent.message.to, "hanako@example.jp")
        XCTAssertTrue(sent.message.subject.contains("図書館の休館日"))
        XCTAssertEqual(sent.row.reference, "notices:notice:\(try notice.requireID().uuidString.lowercased()):1")
        let unsubscribe = try link("notices/unsubscribe", in: sent.message.body)
        let manage = try link("notices/subscription", in: sent.message.body)
        XCTAssertEqual(sent.message.headers.first { $0.name == "List-Unsubscribe" }?.value, "<http://localhost\(unsubscribe)>")
        XCTAssertEqual(sent.message.headers.first { $0.name == "List-Unsubscribe-Post" }?.value, "List-Unsubscribe=One-Click")
        XCTAssertFalse(unsubscribe.contains("hanako"), "no personal data in the link")

        // Another category, or another area only: nothing. An alert for the area: sent whatever the categories.
        try await publish("健康診断", category: "kenko")
        try await publish("谷保の道路工事", areas: ["yaho"])
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 0)
        let alerts = AlertCommands(audit: test.app.madoguchi.audit, publicURL: "http://localhost")
        _ = try await alerts.issue(municipality: test.kunitachi, AlertInput(level: "3", areaCodes: ["yaho"]), by: .system, on: test.app.db)
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 0, "an alert for another area is not sent")
        let alert = try await alerts.issue(municipality: test.kunitachi, AlertInput(level: "4", areaCodes: ["naka-1", "yaho"]), by: .system, on: test.app.db)
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 1)
        try await assertTrue(try await mails(kind: NoticeSubscriptions.messageMailKind).last!.message.subject.contains("警戒レベル4 避難指示"))
        _ = try await alerts.lift(alert.requireID(), municipality: test.kunitachi, by: .system, on: test.app.db)
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 1, "the lifting is sent too")

        // The manage page changes the categories.
        try await assertEqual(try await browser.get(manage).status, .ok)
        let saved = try await browser.postPairs(manage, [("categories[]", "kenko"), ("language", "en")])
        XCTAssertEqual(saved.status, .ok, saved.body.string)
        try await publish("インフルエンザの予防接種", category: "kenko")
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 1)
        try await assertTrue(try await mails(kind: NoticeSubscriptions.messageMailKind).last!.message.body.contains("Stop these mails"))

        // RFC 8058: one POST, without session, cookie or CSRF token.
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let stopped = try await test.app.sendRequest(.POST, unsubscribe, headers: headers, body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
        XCTAssertEqual(stopped.status, .ok, stopped.body.string)
        try await assertEqual(try await state(of: "hanako@example.jp"), .unsubscribed)
        try await publish("もう一件", category: "kenko")
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 0, "nothing after unsubscribing")
        try await assertEqual(try await browser.get(manage).status, .notFound, "the manage page is gone with the subscription")
    }

    func testTheAnswerIsTheSameForANewAndAnExistingAddress() async throws {
        let owner = Browser(app: test.app)
        _ = try await subscribe(owner, "taro@example.jp")
        let confirmLink = try link("notices/subscribe/confirm", in: try await mails(kind: NoticeSubscriptions.accountMailKind).last!.message.body)
        _ = try await owner.get(confirmLink)
        try await assertEqual(try await owner.postPairs(confirmLink, []).status, .ok)
        let before = try await mails(kind: NoticeSubscriptions.accountMailKind).count

        func normalised(_ body: String) -> String {
            body.replacingOccurrences(of: #"name="_csrf" value="[^"]*""#, with: "", options: .regularExpression)
        }
        let existing = try await subscribe(Browser(app: test.app), "Taro@example.jp", categories: ["event"], areas: [])
        let fresh = try await subscribe(Browser(app: test.app), "jiro@example.jp", categories: ["event"], areas: [])
        XCTAssertEqual(existing.status, fresh.status)
        XCTAssertEqual(normalised(existing.body.string), normalised(fresh.body.string), "the page does not tell them apart")
        let sent = try await mails(kind: NoticeSubscriptions.accountMailKind).dropFirst(before)
        XCTAssertEqual(sent.map(\.message.to).sorted(), ["jiro@example.jp", "taro@example.jp"], "one mail each, to the address as subscribed")
        XCTAssertTrue(sent.first { $0.message.to == "taro@example.jp" }!.message.subject.contains("登録内容"), "the subscriber is told how to manage")
        XCTAssertTrue(sent.first { $0.message.to == "jiro@example.jp" }!.message.subject.contains("登録の確認"))
        // The existing subscription keeps its own choices until its owner changes them.
        try await publish("市報", category: "kurashi")
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 1)
        try await assertEqual(try await NoticeSubscription.query(on: test.app.db).count(), 2, "one row per address, whatever its case")
    }

    func testTwoRequestsForTheSameNewAddressAtOnceAreBothAnsweredAndMakeOneSubscription() async throws {
        let input = SubscriptionInput(address: "race@example.jp", categories: ["kurashi"])
        let service = subscriptions, database = test.app.db, municipality = test.kunitachi
        async let a: Void = service.subscribe(municipality: municipality, input, on: database)
        async let b: Void = service.subscribe(municipality: municipality, input, on: database)
        _ = try await (a, b)
        try await assertEqual(try await NoticeSubscription.query(on: database).count(), 1)
        try await assertEqual(try await mails(kind: NoticeSubscriptions.accountMailKind).count, 2, "each request mails")
    }

    func testBadInputIsNamedInJapaneseAndRequestsAreLimited() async throws {
        let browser = Browser(app: test.app)
        _ = try await browser.get("/132152/notices/subscribe")
        let bad = try await browser.postPairs("/132152/notices/subscribe", [("address", "<script>alert(1)</script>@x"), ("categories[]", "kinkyu'; DROP TABLE x;--"),
                                                                            ("areas[]", String(repeating: "a", count: 10_000))])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        let text = bad.body.string
        XCTAssertTrue(text.contains("「メールアドレス」") && text.contains("「配信を希望する分類」") && text.contains("「地区」"), text)
        XCTAssertFalse(text.contains("<script>alert(1)"), "the typed value is escaped")
        let none = try await browser.postPairs("/132152/notices/subscribe", [("address", "a@example.jp")])
        XCTAssertEqual(none.status, .unprocessableEntity)
        XCTAssertTrue(none.body.string.contains("1つ以上選んでください"))
        XCTAssertTrue(none.body.string.contains("value=\"a@example.jp\""), "what was typed is kept")
        try await assertEqual(try await NoticeSubscription.query(on: test.app.db).count(), 0, "nothing saved")
        try await assertEqual(try await browser.get("/132152/notices/subscribe/confirm/\(String(repeating: "x", count: 43))").status, .ok)
        try await assertEqual(try await browser.postPairs("/132152/notices/subscribe/confirm/\(String(repeating: "x", count: 43))", []).status, .notFound)
        try await assertEqual(try await browser.get("/132152/notices/subscription/%27%3Cb%3E").status, .notFound)

        // The same address asked for again and again gets at most maxAccountMailsPerDay mails.
        for _ in 0..<5 {
            try await assertEqual(try await subscribe(browser, "many@example.jp").status, .ok)
        }
        try await assertEqual(try await mails(kind: NoticeSubscriptions.accountMailKind).count, NoticeSubscriptions.maxAccountMailsPerDay)
        // The form itself: subscribeLimit requests per client in the window (the 2 refused and 5 above count), then 429.
        let used = 7, limit = NoticeSubscriptionsController.subscribeLimit
        var statuses: [HTTPStatus] = []
        for n in 0..<limit { statuses.append(try await subscribe(browser, "limit\(n)@example.jp").status) }
        XCTAssertEqual(statuses, Array(repeating: .ok, count: limit - used) + Array(repeating: .tooManyRequests, count: used))
        let limited = try await subscribe(browser, "late@example.jp")
        XCTAssertEqual(limited.status, .tooManyRequests)
        XCTAssertTrue(limited.body.string.contains("10分ほど待って"))
    }

    func testAddressesAreSealedAtRestAndDeclared() async throws {
        _ = try await subscribe(Browser(app: test.app), "sealed.resident@example.jp")
        let sql = test.app.db as! any SQLDatabase
        let rows = try await sql.raw("SELECT address, address_index FROM notices_subscriptions").all()
        XCTAssertEqual(rows.count, 1)
        let stored = try rows[0].decode(column: "address", as: String.self), index = try rows[0].decode(column: "address_index", as: String.self)
        XCTAssertTrue(stored.hasPrefix("v1.") && !stored.contains("sealed.resident"))
        XCTAssertFalse(index.contains("sealed"))
        let sealed = try await SealedValueScan(sql: sql).sealedValues()
        XCTAssertEqual(sealed.keys.filter { $0.table == NoticeSubscription.schema }.map(\.column), ["address"])
        XCTAssertTrue(NoticesModule.manifest.encryptedColumns.contains(EncryptedColumnDeclaration(
            table: NoticeSubscription.schema, column: "address", keyedIndex: NoticeSubscription.addressIndexDeclaration)))
        XCTAssertEqual(NoticesModule.manifest.personalInformationFiles.map(\.id), ["notices.subscriptions"])
        XCTAssertEqual(NoticesModule.manifest.retentionTargets.map(\.fileID), ["notices.subscriptions"])
    }

    /// Active subscribers written straight to the table (the fan-out reads only the table).
    func addActiveSubscribers(_ count: Int, prefix: String) async throws -> [UUID] {
        let cipher = test.app.madoguchi.cipher
        let municipalityID = try test.kunitachi.requireID()
        var ids: [UUID] = []
        let insert = (test.app.db as! any SQLDatabase).insert(into: NoticeSubscription.schema)
            .columns("id", "municipality_id", "address", "address_index", "categories", "area_codes", "language", "state",
                     "permanent_failures", "account_mails", "account_mails_since", "created_at", "confirmed_at")
        let now = Date()
        for n in 0..<count {
            let id = UUID()
            ids.append(id)
            let address = try cipher.encrypt("\(prefix)\(n)@example.jp", binding: FieldBinding(table: NoticeSubscription.schema, column: "address",
                                                                                              recordID: FieldBinding.recordID(id)))
            insert.values(SQLBind(id), SQLBind(municipalityID), SQLBind(address), SQLBind("\(prefix)-\(n)"), SQLBind("|kurashi|"), SQLBind(""),
                          SQLBind("ja"), SQLBind("active"), SQLBind(0), SQLBind(0), SQLBind(now), SQLBind(now), SQLBind(now.addingTimeInterval(-60)))
        }
        try await insert.run()
        return ids
    }

    func testFanOutQueuesExactlyOneMessagePerSubscriberWhenRetriedOrRacing() async throws {
        let count = NoticeFanOuts.chunkSize * 2 + 500
        _ = try await addActiveSubscribers(count, prefix: "many")
        let notice = try await publish("一斉配信の確認")
        // Two instances expanding the same fan-out at once, then a third round after them.
        let database = test.app.db
        let a = fanOuts, b = NoticeFanOuts(cipher: test.app.madoguchi.cipher, outbox: MailOutbox(cipher: test.app.madoguchi.cipher), publicURL: "http://localhost")
        async let first = a.queueDue(on: database)
        async let second = b.queueDue(on: database)
        let (x, y) = try await (first, second)
        let z = try await fanOuts.queueDue(on: database)
        XCTAssertEqual(x + y + z, count)
        // The publication recorded again (a retried publish) does not send again.
        try await database.transaction { db in
            let reread = try await Notice.find(notice.requireID(), on: db)!
            try await NoticeFanOuts.record(notice: reread, on: db)
        }
        try await assertEqual(try await fanOuts.queueDue(on: database), 0)
        let rows = try await OutboxMessage.query(on: database).filter(\.$kind == NoticeSubscriptions.messageMailKind).all()
        XCTAssertEqual(rows.count, count)
        XCTAssertEqual(Set(rows.compactMap(\.recipient)).count, count, "one message per subscriber")
        XCTAssertEqual(Set(rows.compactMap(\.reference)), ["notices:notice:\(try notice.requireID().uuidString.lowercased()):1"])
        let figures = try await SubscriptionFigures.subscribersByCategory(municipalityID: test.kunitachi.requireID(), at: Date(), on: database)
        XCTAssertEqual(figures, ["kurashi": count])
    }

    /// A chunk that fails after writing its mails (here the fan-out's final UPDATE of the second
    /// chunk is refused by a trigger, as a crash before the commit would leave it) is undone whole:
    /// the next round continues after the last committed chunk, and every subscriber is queued once.
    func testAFanOutInterruptedInTheMiddleOfAChunkResumesWithoutDuplicatesOrGaps() async throws {
        let count = NoticeFanOuts.chunkSize * 2 + 500
        _ = try await addActiveSubscribers(count, prefix: "resume")
        let notice = try await publish("途中で止まった一斉配信")
        let sql = test.app.db as! any SQLDatabase
        let limit = NoticeFanOuts.chunkSize * 2
        if sql.dialect.name == "postgresql" {
            try await sql.raw("CREATE FUNCTION refuse_second_chunk() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'interrupted'; END $$ LANGUAGE plpgsql").run()
            try await sql.raw("""
                CREATE TRIGGER refuse_second_chunk BEFORE UPDATE ON notices_fanouts FOR EACH ROW \
                WHEN (NEW.queued >= \(unsafeRaw: String(limit))) EXECUTE FUNCTION refuse_second_chunk()
                """).run()
        } else {
            try await sql.raw("""
                CREATE TRIGGER refuse_second_chunk BEFORE UPDATE ON notices_fanouts \
                WHEN NEW.queued >= \(unsafeRaw: String(limit)) BEGIN SELECT RAISE(ABORT, 'interrupted'); END
                """).run()
        }
        do {
            _ = try await fanOuts.queueDue(on: test.app.db)
            XCTFail("the second chunk was refused")
        } catch {}
        let reference = "notices:notice:\(try notice.requireID().uuidString.lowercased()):1"
        let afterFailure = try await OutboxMessage.query(on: test.app.db).filter(\.$reference == reference).all()
        XCTAssertEqual(afterFailure.count, NoticeFanOuts.chunkSize, "only the committed first chunk")
        let fanOut = try await XCTUnwrapAsync(try await NoticeFanOut.query(on: test.app.db).filter(\.$source == "notice:\(try notice.requireID().uuidString.lowercased()):1").first())
        XCTAssertEqual(fanOut.queued, NoticeFanOuts.chunkSize)
        XCTAssertNil(fanOut.doneAt)

        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER refuse_second_chunk ON notices_fanouts").run()
            try await sql.raw("DROP FUNCTION refuse_second_chunk()").run()
        } else {
            try await sql.raw("DROP TRIGGER refuse_second_chunk").run()
        }
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), count - NoticeFanOuts.chunkSize)
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 0)
        let rows = try await OutboxMessage.query(on: test.app.db).filter(\.$reference == reference).all()
        XCTAssertEqual(rows.count, count)
        XCTAssertEqual(Set(rows.compactMap(\.recipient)).count, count, "each subscriber once")
        XCTAssertEqual(Set(afterFailure.compactMap(\.recipient)).subtracting(rows.compactMap(\.recipient)), [])
    }

    /// The links of a mailed notice carry a signed token (`MessageLinkToken`: no row per subscriber):
    /// it opens the manage page and stops the mails with one POST (RFC 8058), and a token changed
    /// anywhere, cut, lengthened, spliced from two subscribers' tokens or used for another
    /// municipality is refused and changes nothing.
    func testMailedLinksAreSignedAndAForgedOrAlteredTokenIsRefused() async throws {
        _ = try await addActiveSubscribers(2, prefix: "signed")
        let links = try await SubscriptionLink.query(on: test.app.db).count()
        try await publish("署名付きリンクの確認")
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 2)
        try await assertEqual(try await SubscriptionLink.query(on: test.app.db).count(), links, "the fan-out writes no link rows")
        let sent = try await mails(kind: NoticeSubscriptions.messageMailKind)
        func token(of address: String) throws -> String {
            let mail = try XCTUnwrap(sent.first { $0.message.to == address })
            let unsubscribe = try link("notices/unsubscribe", in: mail.message.body)
            XCTAssertEqual(try link("notices/subscription", in: mail.message.body).split(separator: "/").last,
                           unsubscribe.split(separator: "/").last, "the manage and unsubscribe links carry the same token")
            return String(try XCTUnwrap(unsubscribe.split(separator: "/").last))
        }
        let mine = try token(of: "signed0@example.jp"), theirs = try token(of: "signed1@example.jp")
        XCTAssertNotEqual(mine, theirs)
        XCTAssertEqual(mine.count, 65)

        var forged: [String] = []
        for index in [0, 10, 20, 21, 22, 40, mine.count - 1] {
            var characters = Array(mine)
            characters[index] = characters[index] == "A" ? "B" : "A"
            forged.append(String(characters))
        }
        forged += [String(theirs.prefix(22)) + String(mine.dropFirst(22)), String(mine.prefix(22)) + String(theirs.dropFirst(22)),
                   String(mine.dropLast()), mine + "A", String(mine.prefix(43)), String(repeating: "A", count: 65)]
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let browser = Browser(app: test.app)
        for bad in forged {
            let stop = try await test.app.sendRequest(.POST, "/132152/notices/unsubscribe/\(bad)", headers: headers,
                                                      body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            XCTAssertEqual(stop.status, .notFound, bad)
            try await assertEqual(try await browser.get("/132152/notices/subscription/\(bad)").status, .notFound, bad)
        }
        do {
            _ = try await subscriptions.subscription(token: mine, municipalityID: UUID(), on: test.app.db)
            XCTFail("a token works only in its own municipality")
        } catch let error as NoticesError {
            XCTAssertEqual(error, NoticesError.subscriptionLinkInvalid)
        }
        try await assertEqual(try await state(of: "signed0@example.jp"), .active)
        try await assertEqual(try await state(of: "signed1@example.jp"), .active)

        try await assertEqual(try await browser.get("/132152/notices/subscription/\(mine)").status, .ok)
        let stopped = try await test.app.sendRequest(.POST, "/132152/notices/unsubscribe/\(mine)", headers: headers,
                                                     body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
        XCTAssertEqual(stopped.status, .ok, stopped.body.string)
        try await assertEqual(try await state(of: "signed0@example.jp"), .unsubscribed)
        try await assertEqual(try await state(of: "signed1@example.jp"), .active, "only the token's own subscription")
    }

    func testThreePermanentFailuresDeactivateAnAddress() async throws {
        try PythonPeer.require(modules: "aiosmtpd", missing: "aiosmtpd (pip install -r Tests/WebAppTests/python/requirements.txt)")
        let sink = try SMTPSink.start(reject: "bounce")
        defer { sink.stop() }
        let transport = SMTPTransport(host: "127.0.0.1", port: sink.port, heloName: "madoguchi.test")
        _ = try await addActiveSubscribers(1, prefix: "bounce")
        _ = try await addActiveSubscribers(1, prefix: "fine")
        for n in 1...NoticeSubscriptions.maxPermanentFailures {
            try await publish("お知らせ\(n)")
            try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 2)
            _ = try await test.app.madoguchi.mailOutbox.deliverDue(via: transport, from: "no-reply@city.example.jp", on: test.app.db)
            try await subscriptions.applyPermanentFailures(on: test.app.db)
            try await assertEqual(try await state(of: "bounce0@example.jp"), n < NoticeSubscriptions.maxPermanentFailures ? .active : .deactivated, "after \(n)")
            try await assertEqual(try await state(of: "fine0@example.jp"), .active)
        }
        try await publish("その後のお知らせ")
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 1, "the deactivated address gets nothing more")
        try await assertEqual(try await subscriptions.applyPermanentFailures(on: test.app.db), 0, "idempotent")
    }

    func assertEqual<T: Equatable>(_ value: @autoclosure () async throws -> T, _ expected: @autoclosure () -> T, _ message: String = "",
                                   file: StaticString = #filePath, line: UInt = #line) async throws {
        let actual = try await value()
        XCTAssertEqual(actual, expected(), message, file: file, line: line)
    }

    func assertTrue(_ value: @autoclosure () async throws -> Bool, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) async throws {
        let actual = try await value()
        XCTAssertTrue(actual, message, file: file, line: line)
    }
}
