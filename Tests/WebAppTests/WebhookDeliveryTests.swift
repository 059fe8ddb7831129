import Audit
import Crypto
import FluentKit
import Foundation
import Logging
import MadoguchiCore
import Mail
import Notices
@testable import WebApp
import XCTest
import XCTVapor

/// The signed webhook channel (issue 14, item 4) end to end: endpoints registered on the staff
/// screen (the secret shown once), a publication and an alert fanned out to the endpoints that take
/// them, POSTed by the delivery job to a local receiver that checks the HMAC-SHA256 signature with
/// swift-crypto, a 500 retried, a 410 final, hostile URLs refused with the field named, the secret
/// in no page after creation, no audit entry and no log line. SQLite, or PostgreSQL with `DATABASE_URL`.
final class WebhookDeliveryTests: XCTestCase {
    struct Registered {
        let id: String
        let secret: String
    }

    func register(_ admin: Browser, url: String, description: String, categories: [String] = [], alerts: Bool = false,
                  areas: [String] = []) async throws -> Registered {
        let response = try await admin.postPairs("/132152/staff/webhooks", [("url", url), ("description", description), ("active", "1")]
                                                 + categories.map { ("categories[]", $0) } + areas.map { ("areas[]", $0) }
                                                 + (alerts ? [("alerts", "1")] : []))
        XCTAssertEqual(response.status, .ok, response.body.string)
        let html = response.body.string
        let secret = try XCTUnwrap(html.range(of: #"<code id="new-secret">"#).map { String(html[$0.upperBound...].prefix { $0 != "<" }) })
        let list = try await admin.get("/132152/staff/webhooks").body.string
        let link = try XCTUnwrap(list.range(of: #"/staff/webhooks/([0-9a-f-]{36})">\#(description)<"#, options: .regularExpression))
        return Registered(id: String(list[link].dropFirst("/staff/webhooks/".count).prefix(36)), secret: secret)
    }

    func job(_ name: String, _ test: TestApp) throws -> BackgroundJobDeclaration {
        try XCTUnwrap(test.app.madoguchi.manifests.flatMap(\.jobs).first { $0.name == name })
    }

    /// What a receiver does: the signature over `timestamp.body` under the secret, and a fresh timestamp.
    func assertSigned(_ request: WebhookReceiver.Received, secret: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let timestamp = try XCTUnwrap(request.headers.first(name: "Madoguchi-Timestamp"), file: file, line: line)
        let seconds = try XCTUnwrap(Int(timestamp), file: file, line: line)
        XCTAssertLessThan(abs(Date().timeIntervalSince1970 - Double(seconds)), 300, "not stale", file: file, line: line)
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + request.body, using: SymmetricKey(data: Data(secret.utf8)))
        let expected = "v1=" + code.map { String(format: "%02x", $0) }.joined()
        XCTAssertEqual(request.headers.first(name: "Madoguchi-Signature"), expected, file: file, line: line)
        XCTAssertNotNil(request.headers.first(name: "Madoguchi-Message-Id").flatMap(UUID.init(uuidString:)), file: file, line: line)
        XCTAssertEqual(request.headers.first(name: .contentType), "application/json; charset=utf-8", file: file, line: line)
        // A forged body does not pass.
        let forged = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + request.body + Data(" ".utf8),
                                                     using: SymmetricKey(data: Data(secret.utf8)))
        XCTAssertNotEqual(request.headers.first(name: "Madoguchi-Signature"), "v1=" + forged.map { String(format: "%02x", $0) }.joined(),
                          file: file, line: line)
    }

    func json(_ request: WebhookReceiver.Received) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
    }

    func testPublicationAndAlertAreSignedRetriedAndRefusedAsTheReceiverSays() async throws {
        let test = try await makeTestApp()
        let log = CapturedLog()
        test.app.logger = Logger(label: "madoguchi.test", factory: log.handler)
        let receiver = try await WebhookReceiver.start(answers: ["/flaky": [500], "/gone": [410]])
        addTeardownBlock { await receiver.stop() }
        let admin = try await test.signedIn("municipality_administrator")
        try await test.addNoticeAreas(by: admin)
        let ok = try await register(admin, url: receiver.url("/ok"), description: "LINE連携", categories: ["kurashi"])
        let health = try await register(admin, url: receiver.url("/health"), description: "健康アプリ", categories: ["kenko"])
        let flaky = try await register(admin, url: receiver.url("/flaky"), description: "再送の確認", categories: ["kurashi"])
        let gone = try await register(admin, url: receiver.url("/gone"), description: "廃止済み", categories: ["kurashi"])
        let alerts = try await register(admin, url: receiver.url("/alerts"), description: "都の防災システム", alerts: true, areas: ["yaho"])
        let secrets = [ok, health, flaky, gone, alerts].map(\.secret)
        XCTAssertEqual(Set(secrets).count, 5)
        XCTAssertTrue(secrets.allSatisfy { $0.hasPrefix("whsec_") && $0.count == 6 + 43 }, "32 random bytes, URL-safe base64")

        let city = try test.kunitachi.requireID()
        let commands = test.app.madoguchi.noticeCommands
        let draft = try await commands.create(municipalityID: city, NoticeInput(title: "ごみ収集日の変更", body: "**年末年始**の収集日が変わります。",
                                                                               category: "kurashi", titleEnglish: "Collection days change",
                                                                               bodyEnglish: "New year collection days."),
                                              by: .system, on: test.app.db)
        let notice = try await commands.publish(draft.requireID(), municipalityID: city, by: .system, on: test.app.db)
        let noticeID = try notice.requireID().uuidString.lowercased()

        await DeclaredJobs.runRound(try job("notices.fanout", test), app: test.app)
        let counts = try await MailOutbox.statusCountsByChannel(referencePrefix: "notices:notice:\(noticeID)", municipalityID: city, on: test.app.db)
        XCTAssertEqual(counts[.webhook]?[.created], 3, "ok, flaky and gone take 暮らし; the health endpoint does not")
        await DeclaredJobs.runRound(try job("notices.fanout", test), app: test.app)
        await DeclaredJobs.runRound(try job("mail.delivery", test), app: test.app)

        let delivered = receiver.requests(to: "/ok")
        XCTAssertEqual(delivered.count, 1, "exactly one POST, even after a second fan-out round")
        try assertSigned(delivered[0], secret: ok.secret)
        XCTAssertThrowsError(try assertSignedQuietly(delivered[0], secret: flaky.secret), "another endpoint's secret does not verify it")
        let body = try json(delivered[0])
        XCTAssertEqual(body["event"] as? String, "notice.published")
        XCTAssertEqual(body["kind"] as? String, "notice")
        XCTAssertEqual(body["id"] as? String, noticeID)
        XCTAssertEqual(body["url"] as? String, "\(test.app.madoguchi.configuration.publicURL)/132152/notices/\(noticeID)")
        XCTAssertEqual(body["category"] as? String, "kurashi")
        XCTAssertEqual(body["title"] as? String, "ごみ収集日の変更")
        XCTAssertEqual(body["body"] as? String, "**年末年始**の収集日が変わります。")
        XCTAssertEqual((body["english"] as? [String: String])?["title"], "Collection days change")
        XCTAssertNil(body["easy_japanese"], "no easy-Japanese version was written")
        XCTAssertEqual(body["revision"] as? Int, 1)
        XCTAssertTrue((body["published_at"] as? String)?.hasSuffix("+09:00") == true)
        XCTAssertEqual((body["areas"] as? [Any])?.count, 0, "the whole municipality")
        XCTAssertTrue(receiver.requests(to: "/health").isEmpty, "an endpoint for another category gets nothing")
        XCTAssertEqual(receiver.requests(to: "/flaky").count, 1)
        XCTAssertEqual(receiver.requests(to: "/gone").count, 1)
        var now = try await MailOutbox.statusCountsByChannel(referencePrefix: "notices:notice:\(noticeID)", municipalityID: city, on: test.app.db)
        XCTAssertEqual(now[.webhook]?[.delivered], 1)
        XCTAssertEqual(now[.webhook]?[.temporaryFailure], 1, "the 500")
        XCTAssertEqual(now[.webhook]?[.permanentFailure], 1, "the 410")

        // Two minutes later the 500 is retried and taken; the 410 is not tried again.
        await DeclaredJobs.runRound(try job("mail.delivery", test), app: test.app, now: Date().addingTimeInterval(120))
        let retried = receiver.requests(to: "/flaky")
        XCTAssertEqual(retried.count, 2)
        try assertSigned(retried[1], secret: flaky.secret)
        XCTAssertEqual(retried[0].headers.first(name: "Madoguchi-Message-Id"), retried[1].headers.first(name: "Madoguchi-Message-Id"),
                       "the same message id on every attempt")
        XCTAssertEqual(retried[0].body, retried[1].body)
        XCTAssertEqual(receiver.requests(to: "/gone").count, 1, "a 410 is final")
        now = try await MailOutbox.statusCountsByChannel(referencePrefix: "notices:notice:\(noticeID)", municipalityID: city, on: test.app.db)
        XCTAssertEqual(now[.webhook]?[.delivered], 2)
        XCTAssertEqual(now[.webhook]?[.permanentFailure], 1)
        XCTAssertEqual(now[.email]?.values.reduce(0, +), 0, "no subscriber, no mail")

        // The staff notice page counts both channels; the endpoint page shows its last attempts.
        let page = try await admin.get("/132152/staff/notices/\(noticeID)").body.string
        XCTAssertTrue(page.contains("<th scope=\"row\">配信済み</th><td>0</td><td>2</td>"), page)
        XCTAssertTrue(page.contains("<th scope=\"row\">配信不能（宛先が拒否）</th><td>0</td><td>1</td>"))
        let goneHTML = try await admin.get("/132152/staff/webhooks/\(gone.id)").body.string
        XCTAssertTrue(goneHTML.contains("http-410"), "the receiver's answer")
        XCTAssertTrue(goneHTML.contains("notices:notice:\(noticeID):1"))

        // An alert for 谷保 goes to the alert endpoint only, with its CAP URL.
        let alert = AlertCommands(audit: test.app.madoguchi.audit, publicURL: test.app.madoguchi.configuration.publicURL)
        _ = try await alert.issue(municipality: test.kunitachi, AlertInput(level: "4", areaCodes: ["yaho"], instruction: "谷保地区に避難指示を発令しました。"),
                                  by: .system, on: test.app.db)
        await DeclaredJobs.runRound(try job("notices.fanout", test), app: test.app)
        await DeclaredJobs.runRound(try job("mail.delivery", test), app: test.app)
        let alertPosts = receiver.requests(to: "/alerts")
        XCTAssertEqual(alertPosts.count, 1)
        try assertSigned(alertPosts[0], secret: alerts.secret)
        let alertBody = try json(alertPosts[0])
        XCTAssertEqual(alertBody["event"] as? String, "alert.issued")
        let level = try XCTUnwrap(alertBody["alert"] as? [String: Any])
        XCTAssertEqual(level["level"] as? Int, 4)
        let capURL = try XCTUnwrap(level["cap_url"] as? String)
        XCTAssertTrue(capURL.hasPrefix("\(test.app.madoguchi.configuration.publicURL)/132152/alerts/cap/"))
        let cap = try await test.app.sendRequest(.GET, String(capURL.dropFirst(test.app.madoguchi.configuration.publicURL.count)))
        XCTAssertEqual(cap.status, .ok, "the CAP URL answers")
        XCTAssertEqual(receiver.requests(to: "/ok").count, 1, "an endpoint without alerts gets no alert")

        // The secret is in no page after creation, no audit entry, no log line.
        var pages = [try await admin.get("/132152/staff/webhooks").body.string]
        for endpoint in [ok, health, flaky, gone, alerts] { pages.append(try await admin.get("/132152/staff/webhooks/\(endpoint.id)").body.string) }
        let audit = try await AuditEntry.query(on: test.app.db).all().map { "\($0.action) \($0.details) \($0.targetID ?? "")" }.joined(separator: "\n")
        XCTAssertTrue(audit.contains("notices.webhook.create"))
        for secret in secrets {
            for page in pages { XCTAssertFalse(page.contains(secret)) }
            XCTAssertFalse(audit.contains(secret))
            XCTAssertFalse(log.text.contains(secret))
        }
        XCTAssertTrue(log.text.contains("webhook"), "the delivery job logged its counts: \(log.text)")
    }

    /// A receiver that cannot be reached is a temporary failure, retried; a message older than
    /// `MailOutbox.webhookMaxAge` is not retried any more and ends as a technical failure. The
    /// answers map to outcomes as the README says.
    func testAnUnreachableReceiverIsRetriedUntilTheMaximumAgeThenATechnicalFailure() async throws {
        for (status, outcome) in [(200, nil), (204, nil), (301, true), (400, true), (404, true), (408, false), (410, true),
                                  (429, false), (500, false), (503, false)] as [(UInt, Bool?)] {
            XCTAssertEqual(WebhookHTTPTransport.refusal(status: status)?.permanent, outcome, "HTTP \(status)")
        }
        XCTAssertEqual(WebhookHTTPTransport.refusal(status: 503)?.status, .temporaryFailure)
        XCTAssertEqual(WebhookHTTPTransport.refusal(status: 410)?.status, .permanentFailure)

        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        _ = try await register(admin, url: "http://127.0.0.1:9/hook", description: "届かない送信先", categories: ["kurashi"])
        let city = try test.kunitachi.requireID()
        let commands = test.app.madoguchi.noticeCommands
        let draft = try await commands.create(municipalityID: city, NoticeInput(title: "届かない", body: "本文", category: "kurashi"), by: .system, on: test.app.db)
        let notice = try await commands.publish(draft.requireID(), municipalityID: city, by: .system, on: test.app.db).requireID().uuidString.lowercased()
        await DeclaredJobs.runRound(try job("notices.fanout", test), app: test.app)
        await DeclaredJobs.runRound(try job("mail.delivery", test), app: test.app)
        var counts = try await MailOutbox.statusCountsByChannel(referencePrefix: "notices:notice:\(notice)", municipalityID: city, on: test.app.db)
        XCTAssertEqual(counts[.webhook]?[.temporaryFailure], 1, "no connection: retried")
        let row = try await XCTUnwrapAsync(try await OutboxMessage.query(on: test.app.db).filter(\.$channel == "webhook").first())
        XCTAssertEqual(row.lastError, "http-connect")
        // A day and a minute later the next attempt fails again and the message is given up.
        await DeclaredJobs.runRound(try job("mail.delivery", test), app: test.app, now: Date().addingTimeInterval(MailOutbox.webhookMaxAge + 60))
        counts = try await MailOutbox.statusCountsByChannel(referencePrefix: "notices:notice:\(notice)", municipalityID: city, on: test.app.db)
        XCTAssertEqual(counts[.webhook]?[.technicalFailure], 1, "too old: not retried any more")
        // Thirty days on, the expiry job takes the webhook messages out of the outbox (and no other kind).
        try await test.app.madoguchi.mailOutbox.enqueue(MailMessage(to: "a@example.jp", subject: "件名", body: "本文"), kind: "forms.receipt",
                                                        municipalityID: city, on: test.app.db)
        await DeclaredJobs.runRound(try job("notices.webhooks.expire", test), app: test.app, now: Date().addingTimeInterval(29 * 86_400))
        let kept = try await OutboxMessage.query(on: test.app.db).filter(\.$channel == "webhook").count()
        XCTAssertEqual(kept, 1, "kept for 30 days")
        await DeclaredJobs.runRound(try job("notices.webhooks.expire", test), app: test.app, now: Date().addingTimeInterval(31 * 86_400))
        let webhooksLeft = try await OutboxMessage.query(on: test.app.db).filter(\.$channel == "webhook").count()
        let mailsLeft = try await OutboxMessage.query(on: test.app.db).filter(\.$channel == "email").count()
        XCTAssertEqual(webhooksLeft, 0)
        XCTAssertEqual(mailsLeft, 1, "another kind stays")
        let again = try await MailOutbox(cipher: test.app.madoguchi.cipher)
            .deliverDue(webhooks: WebhookSender(transport: WebhookHTTPTransport(), targets: NoticeWebhookTargets(cipher: test.app.madoguchi.cipher)),
                        now: Date().addingTimeInterval(3 * MailOutbox.webhookMaxAge), on: test.app.db)
        XCTAssertEqual(again, MailOutbox.Run(), "nothing is claimed any more")
    }

    /// A rotated secret signs the messages still waiting; a correction is sent as `notice.corrected`
    /// with its revision; an inactive endpoint gets nothing new, and a message waiting for it when
    /// it was made inactive is refused for good without a request.
    func testRotationCorrectionAndInactiveEndpoint() async throws {
        let test = try await makeTestApp()
        let receiver = try await WebhookReceiver.start()
        addTeardownBlock { await receiver.stop() }
        let admin = try await test.signedIn("municipality_administrator")
        let hook = try await register(admin, url: receiver.url("/hook"), description: "LINE連携", categories: ["kurashi"])
        let city = try test.kunitachi.requireID()
        let commands = test.app.madoguchi.noticeCommands
        func publish(_ title: String) async throws -> UUID {
            let draft = try await commands.create(municipalityID: city, NoticeInput(title: title, body: "本文", category: "kurashi"), by: .system, on: test.app.db)
            return try await commands.publish(draft.requireID(), municipalityID: city, by: .system, on: test.app.db).requireID()
        }
        let first = try await publish("最初のお知らせ")
        await DeclaredJobs.runRound(try job("notices.fanout", test), app: test.app)

        let rotated = try await admin.postPairs("/132152/staff/webhooks/\(hook.id)/rotate", [])
        XCTAssertEqual(rotated.status, .ok)
        let html = rotated.body.string
        let secret = try XCTUnwrap(html.range(of: #"<code id="new-secret">"#).map { String(html[$0.upperBound...].prefix { $0 != "<" }) })
        XCTAssertNotEqual(secret, hook.secret)
        let page = try await admin.get("/132152/staff/webhooks/\(hook.id)").body.string
        XCTAssertFalse(page.contains(secret) || page.contains(hook.secret), "shown once")
        await DeclaredJobs.runRound(try job("mail.delivery", test), app: test.app)
        let sent = receiver.requests(to: "/hook")
        XCTAssertEqual(sent.count, 1)
        try assertSigned(sent[0], secret: secret)
        XCTAssertThrowsError(try assertSignedQuietly(sent[0], secret: hook.secret), "the old secret no longer signs")

        // A correction: its own message, with the corrected text and revision 2.
        _ = try await commands.update(first, municipalityID: city, NoticeInput(title: "最初のお知らせ（訂正）", body: "訂正した本文", category: "kurashi"),
                                      note: "日付の誤り", by: .system, on: test.app.db)
        await DeclaredJobs.runRound(try job("notices.fanout", test), app: test.app)
        await DeclaredJobs.runRound(try job("mail.delivery", test), app: test.app)
        XCTAssertEqual(receiver.requests(to: "/hook").count, 2)
        let corrected = try json(receiver.requests(to: "/hook")[1])
        XCTAssertEqual(corrected["event"] as? String, "notice.corrected")
        XCTAssertEqual(corrected["revision"] as? Int, 2)
        XCTAssertEqual(corrected["title"] as? String, "最初のお知らせ（訂正）")
        XCTAssertEqual(corrected["id"] as? String, first.uuidString.lowercased())
        XCTAssertTrue((corrected["updated_at"] as? String)?.hasSuffix("+09:00") == true)

        // Queued while active, sent after it was made inactive: refused for good, no request.
        let second = try await publish("二つ目のお知らせ")
        await DeclaredJobs.runRound(try job("notices.fanout", test), app: test.app)
        let off = try await admin.postPairs("/132152/staff/webhooks/\(hook.id)", [("url", receiver.url("/hook")), ("description", "LINE連携"),
                                                                                 ("categories[]", "kurashi")])
        XCTAssertEqual(off.status, .seeOther, off.body.string)
        await DeclaredJobs.runRound(try job("mail.delivery", test), app: test.app)
        let waiting = try await MailOutbox.statusCountsByChannel(referencePrefix: "notices:notice:\(second.uuidString.lowercased())", municipalityID: city,
                                                                 on: test.app.db)
        XCTAssertEqual(waiting[.webhook]?[.permanentFailure], 1)
        let third = try await publish("三つ目のお知らせ")
        await DeclaredJobs.runRound(try job("notices.fanout", test), app: test.app)
        let none = try await MailOutbox.statusCountsByChannel(referencePrefix: "notices:notice:\(third.uuidString.lowercased())", municipalityID: city,
                                                              on: test.app.db)
        XCTAssertEqual(none[.webhook]?.values.reduce(0, +), 0, "an inactive endpoint gets nothing new")
        XCTAssertEqual(receiver.requests(to: "/hook").count, 2)
        let endpointPage = try await admin.get("/132152/staff/webhooks/\(hook.id)").body.string
        XCTAssertTrue(endpointPage.contains("webhook-endpoint-inactive"))
        let list = try await admin.get("/132152/staff/webhooks").body.string
        XCTAssertTrue(list.contains("<td>停止中</td>"), "the list shows it inactive")
        let audit = try await AuditEntry.query(on: test.app.db).filter(\.$action == "notices.webhook.rotate_secret").all()
        XCTAssertEqual(audit.count, 1)
        XCTAssertFalse(audit[0].details.contains(secret))
    }

    func assertSignedQuietly(_ request: WebhookReceiver.Received, secret: String) throws {
        let timestamp = request.headers.first(name: "Madoguchi-Timestamp") ?? ""
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + request.body, using: SymmetricKey(data: Data(secret.utf8)))
        guard request.headers.first(name: "Madoguchi-Signature") == "v1=" + code.map({ String(format: "%02x", $0) }).joined() else {
            throw Abort(.unauthorized)
        }
    }

    func testHostileURLsAreRefusedWithTheFieldNamedAndNothingSaved() async throws {
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        let hostile = ["http://example.jp/hook", "https://user:pass@example.jp/hook", "https://token@example.jp/", "javascript:alert(1)",
                       "ftp://example.jp/hook", "file:///etc/passwd", "https://example.jp/hook#x", "http://127.0.0.1.example.jp/",
                       "https://exa mple.jp/", "https://example.jp/\u{0}", "//example.jp/hook", "https:///nohost", "https://例え.jp/",
                       "https://example.jp/" + String(repeating: "a", count: 2100), "", "\"><script>alert(1)</script>"]
        for url in hostile {
            let response = try await admin.postPairs("/132152/staff/webhooks", [("url", url), ("description", "試験"), ("categories[]", "kurashi")])
            XCTAssertEqual(response.status, .unprocessableEntity, url)
            XCTAssertTrue(response.body.string.contains(#"id="url-error""#), "the URL field is named: \(url)")
            XCTAssertFalse(response.body.string.contains("<script>alert(1)"))
        }
        let noChoice = try await admin.postPairs("/132152/staff/webhooks", [("url", "https://example.jp/hook"), ("description", "試験")])
        XCTAssertEqual(noChoice.status, .unprocessableEntity)
        XCTAssertTrue(noChoice.body.string.contains("受け取る「分類」を1つ以上選ぶか"))
        let badCategory = try await admin.postPairs("/132152/staff/webhooks", [("url", "https://example.jp/hook"), ("description", "試験"),
                                                                               ("categories[]", "nope")])
        XCTAssertEqual(badCategory.status, .unprocessableEntity)
        let saved = try await test.app.madoguchi.noticeWebhooks.list(municipalityID: test.kunitachi.requireID(), on: test.app.db)
        XCTAssertEqual(saved.count, 0, "nothing saved")
        for url in ["https://example.jp/hook", "http://localhost:8080/hook", "http://127.0.0.1/hook", "http://[::1]:9000/hook"] {
            let response = try await admin.postPairs("/132152/staff/webhooks", [("url", url), ("description", "可 \(url.count)"), ("categories[]", "kurashi")])
            XCTAssertEqual(response.status, .ok, url)
        }
        // Another municipality's staff cannot see them; department staff may not manage them.
        let staff = try await test.signedIn("department_staff")
        let refused = try await staff.get("/132152/staff/webhooks")
        XCTAssertEqual(refused.status, .forbidden)
    }
}
