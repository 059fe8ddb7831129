import FluentKit
import Foundation
import MadoguchiCore
import Mail
import Notices
@testable import WebApp
import XCTest
import XCTVapor

/// The staff notice page shows the notice's mails by status (issue 14, item 4): counts only, from
/// the outbox's references, another notice's mails not counted. SQLite, or PostgreSQL with `DATABASE_URL`.
final class StaffNoticeDeliveriesTests: XCTestCase {
    func testTheNoticePageCountsItsMailsByStatus() async throws {
        try PythonPeer.require(modules: "aiosmtpd", missing: "aiosmtpd (pip install -r Tests/WebAppTests/python/requirements.txt)")
        let test = try await makeTestApp()
        let sink = try SMTPSink.start(reject: "gone")
        defer { sink.stop() }
        let city = try test.kunitachi.requireID()
        let commands = NoticeCommands(audit: test.app.madoguchi.audit)
        func published(_ title: String) async throws -> UUID {
            let notice = try await commands.create(municipalityID: city, NoticeInput(title: title, body: "本文です。", category: "kurashi"),
                                                   by: .system, on: test.app.db)
            return try await commands.publish(notice.requireID(), municipalityID: city, by: .system, on: test.app.db).requireID()
        }
        let notice = try await published("配信数の確認")
        let other = try await published("別のお知らせ")
        let admin = try await test.signedIn("municipality_administrator")
        let before = try await admin.get("/132152/staff/notices/\(notice.uuidString.lowercased())")
        XCTAssertEqual(before.status, .ok)
        XCTAssertFalse(before.body.string.contains("配信の状況"), "no section before any mail")

        let outbox = test.app.madoguchi.mailOutbox
        try await outbox.enqueueAll(["a", "b", "gone"].map {
            MailOutbox.Queued(MailMessage(to: "\($0)@example.jp", subject: "件名", body: "本文"), kind: "notices.message", municipalityID: city,
                              reference: "notices:notice:\(notice.uuidString.lowercased()):1", recipient: UUID().uuidString.lowercased())
        } + [MailOutbox.Queued(MailMessage(to: "c@example.jp", subject: "件名", body: "本文"), kind: "notices.message", municipalityID: city,
                               reference: "notices:notice:\(other.uuidString.lowercased()):1")], on: test.app.db)
        _ = try await outbox.deliverDue(via: SMTPTransport(host: "127.0.0.1", port: sink.port, heloName: "test"), from: "no-reply@example.jp",
                                        limit: 10, on: test.app.db)
        let page = try await admin.get("/132152/staff/notices/\(notice.uuidString.lowercased())")
        XCTAssertEqual(page.status, .ok)
        let html = page.body.string
        XCTAssertTrue(html.contains("配信の状況"))
        XCTAssertTrue(html.contains("全3件"), "this notice's three mails, not the other notice's")
        XCTAssertTrue(html.contains("<th scope=\"row\">配信済み</th><td>2</td>"), "a and b; the other notice's mail is not counted")
        XCTAssertTrue(html.contains("<th scope=\"row\">配信不能（宛先が拒否）</th><td>1</td>"), "the 550")
        XCTAssertTrue(html.contains("<th scope=\"row\">送信待ち</th><td>0</td>"))
        XCTAssertFalse(html.contains("@example.jp"), "no address on the page")
    }
}
