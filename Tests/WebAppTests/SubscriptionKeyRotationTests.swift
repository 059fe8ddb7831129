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

/// A subscription's address is found by a keyed hash (`NoticeSubscription.addressIndexDeclaration`)
/// under any key of the field-key ring, so a key rotation neither loses an address nor makes a
/// second row for it; the rotation (the command's and the declared job's) re-keys the index. On the
/// engine `DATABASE_URL` picks.
final class SubscriptionKeyRotationTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    /// The ring with a second key made current, the first kept (as the rotation procedure says).
    static let rotatedRing = TestApp.fieldKeys + ",*" + KeyRotationTests.newKey

    var sql: any SQLDatabase { test.app.db as! any SQLDatabase }

    func mails(kind: String) async throws -> [MailMessage] {
        var mails: [MailMessage] = []
        for row in try await OutboxMessage.query(on: test.app.db).filter(\.$kind == kind).all()
            .sorted(by: { ($0.createdAt ?? .distantPast, $0.id!.uuidString) < ($1.createdAt ?? .distantPast, $1.id!.uuidString) }) {
            mails.append(try await test.app.madoguchi.mailOutbox.message(of: row, on: test.app.db))
        }
        return mails
    }

    /// The newest account mail to `address` and the link of `path` in it.
    func link(_ path: String, to address: String) async throws -> String {
        let all = try await mails(kind: NoticeSubscriptions.accountMailKind)
        let mail = try XCTUnwrap(all.last { $0.to == address }, "no mail to \(address)")
        let marker = "/132152/\(path)/"
        let range = try XCTUnwrap(mail.body.range(of: marker), "no \(path) link in \(mail.body)")
        return marker + mail.body[range.upperBound...].prefix { !$0.isWhitespace }
    }

    func subscribe(_ address: String, category: String = "kurashi") async throws -> XCTHTTPResponse {
        let browser = Browser(app: test.app)
        _ = try await browser.get("/132152/notices/subscribe")
        return try await browser.postPairs("/132152/notices/subscribe", [("address", address), ("categories[]", category), ("language", "ja")])
    }

    /// The page without its per-browser form token.
    func normalised(_ response: XCTHTTPResponse) -> String {
        response.body.string.replacingOccurrences(of: #"name="_csrf" value="[^"]*""#, with: "", options: .regularExpression)
    }

    struct Row: Equatable { let id: UUID; let index: String; let keyID: String?; let state: String }

    /// Every subscription row of `address`, found by decrypting each (not through the index).
    func rows(of address: String) async throws -> [Row] {
        let cipher = test.app.madoguchi.cipher
        return try await sql.raw("SELECT id, address, address_index, address_index_key, state FROM notices_subscriptions").all().compactMap { row in
            let id = try row.decode(column: "id", as: UUID.self)
            let stored = try cipher.decrypt(try row.decode(column: "address", as: String.self),
                                            binding: FieldBinding(table: NoticeSubscription.schema, column: "address", recordID: FieldBinding.recordID(id)))
            guard stored.lowercased() == address.lowercased() else { return nil }
            return Row(id: id, index: try row.decode(column: "address_index", as: String.self),
                       keyID: try row.decode(column: "address_index_key", as: String?.self), state: try row.decode(column: "state", as: String.self))
        }
    }

    func index(of address: String, under keyID: String) throws -> String {
        let ring = try FieldKeyRing.parse(Self.rotatedRing)
        return try XCTUnwrap(KeyedIndex.candidates(address, NoticeSubscription.addressIndexDeclaration, ring: ring).first { $0.keyID == keyID }).value
    }

    func assertEqual<T: Equatable>(_ value: @autoclosure () async throws -> T, _ expected: @autoclosure () throws -> T, _ message: String = "",
                                   file: StaticString = #filePath, line: UInt = #line) async throws {
        let actual = try await value()
        XCTAssertEqual(actual, try expected(), message, file: file, line: line)
    }

    /// The same database under `ring`, shut down by a teardown block however the test ends.
    func restart(_ ring: String) async throws {
        let next = try await test.restarted(fieldKeys: ring)
        addTeardownBlock { try await next.shutdown() }
        test = next
    }

    func testAnAddressIsStillFoundAfterTheKeysRotateAndTheRotationReKeysItsIndex() async throws {
        // Before: one active subscriber, one who has not confirmed yet; both indexed under test1.
        let firstAnswer = try await subscribe("hanako@example.jp")
        XCTAssertEqual(firstAnswer.status, .ok, firstAnswer.body.string)
        let confirm = try await link("notices/subscribe/confirm", to: "hanako@example.jp")
        try await assertEqual(try await Browser(app: test.app).postPairs(confirm, []).status, .ok)
        try await assertEqual(try await subscribe("jiro@example.jp").status, .ok)
        let jiroConfirm = try await link("notices/subscribe/confirm", to: "jiro@example.jp")
        let hanako = try await rows(of: "hanako@example.jp")
        XCTAssertEqual(hanako.map(\.keyID), ["test1"])
        XCTAssertEqual(hanako.map(\.index), [try index(of: "hanako@example.jp", under: "test1")])

        // A new key joins the ring as the current one; the application restarts (no rotation yet).
        try await restart(Self.rotatedRing)
        let before = try await mails(kind: NoticeSubscriptions.accountMailKind).count
        let again = try await subscribe("Hanako@Example.jp", category: "event")
        let fresh = try await subscribe("saburo@example.jp", category: "event")
        XCTAssertEqual(again.status, .ok, again.body.string)
        XCTAssertEqual(normalised(again), normalised(fresh), "the same answer as for a new address")
        let afterAgain = try await rows(of: "hanako@example.jp")
        XCTAssertEqual(afterAgain.count, 1, "still one row for the address")
        XCTAssertEqual(afterAgain.first?.id, hanako.first?.id)
        XCTAssertEqual(afterAgain.first?.state, "active", "the active subscription is not made pending again")
        XCTAssertEqual(afterAgain.first?.keyID, "k2", "the row found under the old key moves to the current one")
        XCTAssertEqual(afterAgain.first?.index, try index(of: "hanako@example.jp", under: "k2"))
        let sent = try await mails(kind: NoticeSubscriptions.accountMailKind).dropFirst(before)
        XCTAssertTrue(try XCTUnwrap(sent.first { $0.to == "hanako@example.jp" }).subject.contains("登録内容"),
                      "the subscriber is sent the manage link, as before the rotation")

        // The manage link from that mail works, and so do the links mailed before the rotation.
        let manage = try await link("notices/subscription", to: "hanako@example.jp")
        let browser = Browser(app: test.app)
        try await assertEqual(try await browser.get(manage).status, .ok)
        try await assertEqual(try await browser.postPairs(manage, [("categories[]", "kenko"), ("language", "en")]).status, .ok)
        try await assertEqual(try await Browser(app: test.app).postPairs(jiroConfirm, []).status, .ok, "a confirmation link from before the rotation")
        try await assertEqual(try await rows(of: "jiro@example.jp").map(\.state), ["active"])
        try await assertEqual(try await rows(of: "jiro@example.jp").map(\.keyID), ["test1"], "not touched since")

        // The rotation re-keys what is still under the old key, once.
        let lines = try await Maintenance.rotateFieldKeys(test.app)
        let line = try XCTUnwrap(lines.first { $0.hasPrefix("notices_subscriptions:") })
        XCTAssertEqual(line, "notices_subscriptions: 2 examined, 2 re-encrypted under k2, 1 re-indexed", "\(lines)")
        try await assertEqual(try await rows(of: "jiro@example.jp").map(\.keyID), ["k2"])
        try await assertEqual(try await rows(of: "jiro@example.jp").map(\.index), [try index(of: "jiro@example.jp", under: "k2")])
        let second = try await Maintenance.rotateFieldKeys(test.app)
        XCTAssertTrue(second.contains("notices_subscriptions: 0 examined, 0 re-encrypted under k2"), "\(second)")

        // The old key leaves the ring: every address is still found, and its links still work.
        try await restart(KeyRotationTests.newKey)
        let count = try await mails(kind: NoticeSubscriptions.accountMailKind).count
        try await assertEqual(try await subscribe("JIRO@example.jp").status, .ok)
        try await assertEqual(try await rows(of: "jiro@example.jp").count, 1)
        let last = try await mails(kind: NoticeSubscriptions.accountMailKind).dropFirst(count)
        XCTAssertEqual(last.map(\.to), ["jiro@example.jp"])
        XCTAssertTrue(last.first?.subject.contains("登録内容") ?? false, "jiro is an active subscriber: the manage mail")
        // The manage mail's token also stops the mails (its List-Unsubscribe header names that URL).
        let unsubscribe = try await link("notices/subscription", to: "jiro@example.jp")
            .replacingOccurrences(of: "/notices/subscription/", with: "/notices/unsubscribe/")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let stopped = try await test.app.sendRequest(.POST, unsubscribe, headers: headers, body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
        XCTAssertEqual(stopped.status, .ok, stopped.body.string)
        try await assertEqual(try await rows(of: "jiro@example.jp").map(\.state), ["unsubscribed"])
    }

    /// Publishes a notice of `kurashi` for the whole city, queues its mails and returns the manage
    /// link of the mail to `address`.
    func mailedLink(_ title: String, to address: String) async throws -> String {
        let commands = NoticeCommands(audit: test.app.madoguchi.audit)
        let municipalityID = try test.kunitachi.requireID()
        let notice = try await commands.create(municipalityID: municipalityID, NoticeInput(title: title, body: "本文です。", category: "kurashi"),
                                               by: .system, on: test.app.db)
        _ = try await commands.publish(notice.requireID(), municipalityID: municipalityID, by: .system, on: test.app.db)
        let fanOuts = NoticeFanOuts(cipher: test.app.madoguchi.cipher, outbox: test.app.madoguchi.mailOutbox, publicURL: "http://localhost")
        try await assertEqual(try await fanOuts.queueDue(on: test.app.db), 1)
        let sent = try await mails(kind: NoticeSubscriptions.messageMailKind)
        let mail = try XCTUnwrap(sent.last { $0.to == address && $0.subject.contains(title) })
        let marker = "/132152/notices/subscription/"
        let range = try XCTUnwrap(mail.body.range(of: marker), "no manage link in \(mail.body)")
        return marker + mail.body[range.upperBound...].prefix { !$0.isWhitespace }
    }

    /// The links of mailed notices are signed under the ring's current key (`MessageLinkToken`):
    /// those mailed before a new key became current keep working beside the new ones, until the old
    /// key leaves the ring after the rotation; then only theirs are refused.
    func testMailedLinksWorkAcrossARotationUntilTheirKeyLeavesTheRing() async throws {
        try await assertEqual(try await subscribe("hanako@example.jp").status, .ok)
        try await assertEqual(try await Browser(app: test.app).postPairs(try await link("notices/subscribe/confirm", to: "hanako@example.jp"), []).status, .ok)
        let old = try await mailedLink("鍵の交換の前", to: "hanako@example.jp")
        try await assertEqual(try await Browser(app: test.app).get(old).status, .ok)

        try await restart(Self.rotatedRing)
        let new = try await mailedLink("鍵の交換の後", to: "hanako@example.jp")
        XCTAssertNotEqual(new, old, "signed under the new current key")
        try await assertEqual(try await Browser(app: test.app).get(old).status, .ok, "a link mailed before the new key")
        try await assertEqual(try await Browser(app: test.app).get(new).status, .ok)

        _ = try await Maintenance.rotateFieldKeys(test.app)
        try await restart(KeyRotationTests.newKey)
        try await assertEqual(try await Browser(app: test.app).get(new).status, .ok)
        try await assertEqual(try await Browser(app: test.app).get(old).status, .notFound, "its key has left the ring")
        try await assertEqual(try await rows(of: "hanako@example.jp").map(\.state), ["active"])
    }

    /// A row from before the index's key was kept (NULL, as the migration leaves existing rows) is
    /// found under whichever key made it, and the declared retention job (the server's rotation
    /// round) stamps it with the current key.
    func testARowWithoutAKeyIdIsFoundAndTheDeclaredJobReKeysIt() async throws {
        try await assertEqual(try await subscribe("old@example.jp").status, .ok)
        try await assertEqual(try await Browser(app: test.app).postPairs(try await link("notices/subscribe/confirm", to: "old@example.jp"), []).status, .ok)
        try await sql.raw("UPDATE notices_subscriptions SET address_index_key = NULL").run()

        try await restart(Self.rotatedRing)
        try await assertEqual(try await subscribe("old@example.jp").status, .ok)
        let found = try await rows(of: "old@example.jp")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.map(\.state), ["active"])
        XCTAssertEqual(found.map(\.keyID), ["k2"], "re-keyed by the write that found it")

        try await sql.raw("UPDATE notices_subscriptions SET address_index = \(bind: try index(of: "old@example.jp", under: "test1")), address_index_key = NULL").run()
        let job = try XCTUnwrap(test.app.madoguchi.manifests.flatMap(\.jobs).first { $0.name == "privacy.retention" })
        try await job.run(DeclaredJobs.context(app: test.app))
        try await assertEqual(try await rows(of: "old@example.jp").map(\.keyID), ["k2"])
        try await assertEqual(try await rows(of: "old@example.jp").map(\.index), [try index(of: "old@example.jp", under: "k2")])
        let audited = try await sql.raw("SELECT details FROM audit_entries WHERE action = 'privacy.keys.rotate' AND target_type = 'notices_subscriptions'")
            .all().map { try $0.decode(column: "details", as: String.self) }
        XCTAssertTrue(audited.contains { $0.contains("reindexed") }, "the re-indexing is audited: \(audited)")
    }

    /// Two rows for one address (left by lookups before they tried every key): the rotation keeps
    /// both, says so, and does not stop; a new request finds the row under the current key.
    func testTwoRowsForOneAddressFromBeforeTheFixAreKeptAndReported() async throws {
        try await assertEqual(try await subscribe("twice@example.jp").status, .ok)
        try await restart(Self.rotatedRing)
        // As the old lookup did: a second row, under the new key, for the same address.
        try await assertEqual(try await subscribe("other@example.jp").status, .ok)
        let others = try await rows(of: "other@example.jp"), firsts = try await rows(of: "twice@example.jp")
        let other = try XCTUnwrap(others.first), first = try XCTUnwrap(firsts.first)
        let copy = UUID()
        let sealed = try test.app.madoguchi.cipher.encrypt("twice@example.jp", binding: FieldBinding(
            table: NoticeSubscription.schema, column: "address", recordID: FieldBinding.recordID(copy)))
        try await sql.raw("""
            INSERT INTO notices_subscriptions (id, municipality_id, address, address_index, address_index_key, categories, area_codes, language,
            state, permanent_failures, account_mails, account_mails_since, created_at)
            SELECT \(bind: copy), municipality_id, \(bind: sealed), \(bind: try index(of: "twice@example.jp", under: "k2")), 'k2', categories,
            area_codes, language, state, 0, 0, account_mails_since, created_at FROM notices_subscriptions WHERE id = \(bind: other.id)
            """).run()
        try await assertEqual(try await rows(of: "twice@example.jp").count, 2)

        let lines = try await Maintenance.rotateFieldKeys(test.app)
        XCTAssertTrue(lines.contains { $0.hasPrefix("notices_subscriptions:") && $0.hasSuffix("1 left under an older key (another row holds the value)") },
                      "\(lines)")
        let both = try await rows(of: "twice@example.jp")
        XCTAssertEqual(Set(both.map(\.id)), [first.id, copy], "both rows kept")
        XCTAssertEqual(both.first { $0.id == first.id }?.keyID, "test1")

        let count = try await mails(kind: NoticeSubscriptions.accountMailKind).count
        try await assertEqual(try await subscribe("twice@example.jp").status, .ok)
        try await assertEqual(try await rows(of: "twice@example.jp").count, 2, "no third row")
        try await assertEqual(try await mails(kind: NoticeSubscriptions.accountMailKind).count, count + 1)
    }
}
