import Foundation
import MadoguchiCore
import NIOCore
import Vapor
@testable import WebApp
import XCTest

/// The navigator's answered screens (`POST /{code}/life-events/{event}`, marked `publicComputed()`)
/// kept in the cache of public pages under the path, a SHA-256 of the bytes posted, the language and
/// the day: the same post again is answered by the front with the same bytes, anything else that
/// changes the page changes the key or drops the page, and nothing signed in or personal uses or
/// fills it. Through a live server (the front), on SQLite and PostgreSQL.
final class ComputedAnswerCacheTests: XCTestCase {
    private static let path = "/132152/life-events/death"

    func testTheSamePostIsAnsweredFromTheCacheAndAnotherBodyIsAnotherPage() async throws {
        let (test, port) = try await startLiveServer()
        let date = CivilDate(dayNumber: try XCTUnwrap(test.app.publicPageCache).day()).adding(days: -3)
        let body = "q=event_date&answer=\(date)&go=next"
        let stores = Self.counter(test.app, "madoguchi_page_cache_stores_total")
        let first = try Self.post(port, body)
        XCTAssertTrue(first.hasPrefix("HTTP/1.1 200"), String(first.prefix(300)))
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_stores_total"), stores + 1, "the answered screen was kept")
        let hits = Self.counter(test.app, "madoguchi_page_cache_hits_total")
        let second = try Self.post(port, body)
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits + 1, "the same post again is a hit")
        XCTAssertEqual(Self.body(of: second), Self.body(of: first), "the same bytes")
        XCTAssertTrue(Self.head(of: second).lowercased().contains("content-security-policy: "), Self.head(of: second))
        XCTAssertEqual(hiddenFields(Self.body(of: second))["event_date"], date.description)

        // Another event date is another page, computed for it.
        let other = try Self.post(port, "q=event_date&answer=\(date.adding(days: -1))&go=next")
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits + 1, "a different body is no hit")
        XCTAssertEqual(hiddenFields(Self.body(of: other))["event_date"], date.adding(days: -1).description)
        // The same fields in another order are other bytes: computed again, the same page.
        let reordered = try Self.post(port, "answer=\(date)&q=event_date&go=next")
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits + 1)
        XCTAssertEqual(Self.body(of: reordered), Self.body(of: first))
        // The same body in English is another page.
        let english = try Self.post(port, body, headers: "Cookie: lang=en\r\n")
        XCTAssertTrue(Self.body(of: english).contains("lang=\"en\""))
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits + 1)
        XCTAssertTrue(Self.body(of: try Self.post(port, body)).contains("lang=\"ja\""))
    }

    func testAStaffEditOfAProcedureChangesTheNextChecklist() async throws {
        let (test, port) = try await startLiveServer()
        let today = CivilDate(dayNumber: try XCTUnwrap(test.app.publicPageCache).day())
        let body = try Self.checklistBody(port, eventDate: today.adding(days: -1), answers: ["deceased_had_seal_registration": "yes"])
        let before = try Self.post(port, body)
        XCTAssertTrue(Self.body(of: before).contains("印鑑登録証の返却"), Self.body(of: before))
        let hits = Self.counter(test.app, "madoguchi_page_cache_hits_total")
        XCTAssertEqual(Self.body(of: try Self.post(port, body)), Self.body(of: before))
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits + 1, "the checklist is kept")

        try await Self.renameSealCardReturn(test.app, password: test.password)
        let after = try Self.post(port, body)
        XCTAssertTrue(Self.body(of: after).contains("印鑑登録証の返却（国立市）"), "the edit dropped the kept checklist")
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits + 1)
    }

    func testANewDayIsANewKeyAndThePageIsComputedForIt() async throws {
        let (test, port) = try await startLiveServer()
        let cache = try XCTUnwrap(test.app.publicPageCache)
        let today = CivilDate(dayNumber: cache.day())
        // Died today: 死亡届 (within 7 days) is not late today, and is 30 days later.
        let body = try Self.checklistBody(port, eventDate: today, answers: [:])
        let todays = try Self.post(port, body)
        XCTAssertTrue(todays.hasPrefix("HTTP/1.1 200"), String(todays.prefix(300)))
        XCTAssertFalse(Self.body(of: todays).contains("期限を過ぎています"))
        let hits = Self.counter(test.app, "madoguchi_page_cache_hits_total")
        cache.pretendDaysAhead(30)
        let later = try Self.post(port, body)
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits, "another day, another key")
        XCTAssertTrue(Self.body(of: later).contains("期限を過ぎています"), "computed for the new day")
        _ = try Self.post(port, body)
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits + 1, "and kept for it")
        cache.pretendDaysAhead(0)

        // The key: the day, the bytes and their type each make another key.
        let key = { (type: String, body: String, day: Int) in
            CachedAnswers.postKey(target: Self.path, headers: Self.headers(type: type, length: body.utf8.count), body: ByteBuffer(string: body), day: day)
        }
        let form = "application/x-www-form-urlencoded"
        XCTAssertEqual(key(form, "a=1", 1), key(form, "a=1", 1))
        XCTAssertNotEqual(key(form, "a=1", 1), key(form, "a=1", 2))
        XCTAssertNotEqual(key(form, "a=1", 1), key(form, "a=2", 1))
        XCTAssertNotEqual(key(form, "a=1", 1), key("application/json", "a=1", 1))
        XCTAssertNotNil(key(form, "a=1", 1)?.posted)
        XCTAssertEqual(cache.day(epochSeconds: 15 * 3600 - 1), 0, "23:59:59 in Japan on 1970-01-01")
        XCTAssertEqual(cache.day(epochSeconds: 15 * 3600), 1, "midnight in Japan")
        XCTAssertEqual(cache.day(epochSeconds: -9 * 3600 - 1), -1)
    }

    func testSignedInOrPersonalPostsNeitherUseNorFillTheCache() async throws {
        let (test, port) = try await startLiveServer()
        let date = CivilDate(dayNumber: try XCTUnwrap(test.app.publicPageCache).day()).adding(days: -2)
        let body = "q=event_date&answer=\(date)&go=next"
        _ = try Self.post(port, body)
        let hits = Self.counter(test.app, "madoguchi_page_cache_hits_total")
        let stores = Self.counter(test.app, "madoguchi_page_cache_stores_total")
        for personal in ["Cookie: madoguchi_session=0123456789abcdef0123456789abcdef\r\n", "Cookie: __Host-madoguchi_session=x; lang=ja\r\n",
                         "Authorization: Bearer not-a-token\r\n", "X-CKAN-API-Key: k\r\n", "Cookie: lang=ja; lang=en\r\n",
                         "Connection: close\r\n"] {
            let answer = try Self.post(port, body, headers: personal)
            XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200"), "\(personal): \(answer.prefix(200))")
            XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits, "\(personal) was answered from the cache")
        }
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_stores_total"), stores, "nothing personal was kept")
        let key = try XCTUnwrap(CachedAnswers.postKey(target: Self.path, headers: Self.headers(type: "application/x-www-form-urlencoded", length: 3,
                                                                      extra: [("Cookie", "madoguchi_csrf=abc; lang=en")]),
                                                      body: ByteBuffer(string: "a=1"), day: 0), "the form-token cookie alone is no one's own")
        XCTAssertEqual(key.language, .en)
        XCTAssertNil(CachedAnswers.postKey(target: Self.path, headers: Self.headers(type: "application/x-www-form-urlencoded", length: 3, extra: [("Cookie", "madoguchi_session=s")]),
                                           body: ByteBuffer(string: "a=1"), day: 0))
        XCTAssertNil(CachedAnswers.postKey(target: Self.path, headers: Self.headers(type: nil, length: 3), body: ByteBuffer(string: "a=1"), day: 0), "no type: not keyed")

        // Refused answers (422, with what was typed) and hostile values are answered as before and never kept.
        let hostile = "q=event_date&answer=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&go=next"
        for _ in 0..<2 {
            let refused = try Self.post(port, hostile)
            XCTAssertTrue(refused.hasPrefix("HTTP/1.1 422"), String(refused.prefix(200)))
            XCTAssertFalse(Self.body(of: refused).contains("<script>alert(1)"))
            XCTAssertTrue(Self.body(of: refused).contains("&quot;&gt;&lt;script&gt;"))
        }
        let huge = "q=event_date&go=next&answer=" + String(repeating: "%E3%81%82", count: 3000)
        let big = try Self.post(port, huge)
        XCTAssertTrue(big.hasPrefix("HTTP/1.1 4"), String(big.prefix(200)))
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_stores_total"), stores)

        // A member really signed in, posting the screen already kept: computed, not kept again.
        let signedIn = Browser(app: test.app)
        _ = try await signedIn.signIn("department_staff", password: test.password)
        let session = try XCTUnwrap(signedIn.cookies.first { $0.key.hasSuffix("madoguchi_session") }, "\(signedIn.cookies.keys)")
        let staffAnswer = try Self.post(port, body, headers: "Cookie: \(session.key)=\(session.value)\r\n")
        XCTAssertTrue(staffAnswer.hasPrefix("HTTP/1.1 200"), String(staffAnswer.prefix(200)))
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits)
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_stores_total"), stores)
    }

    func testASurgeOfTheSamePostComputesItOnce() async throws {
        let (test, port) = try await startLiveServer()
        let date = CivilDate(dayNumber: try XCTUnwrap(test.app.publicPageCache).day()).adding(days: -4)
        let body = "q=event_date&answer=\(date)&go=next"
        let stores = Self.counter(test.app, "madoguchi_page_cache_stores_total")
        let invalidations = Self.counter(test.app, "madoguchi_page_cache_invalidations_total")
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { try Self.post(port, body) } }
            return try await group.reduce(into: [String]()) { $0.append(Self.body(of: $1)) }
        }
        XCTAssertEqual(Set(answers).count, 1, "every resident got the same page")
        let emptied = Self.counter(test.app, "madoguchi_page_cache_invalidations_total") - invalidations
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_stores_total"), stores + 1 + emptied, "computed and kept once")
    }

    func testComputedAnswersTakeAtMostHalfTheBoundAndNeverDropAPage() {
        var settings = Configuration.PageCache()
        settings.megabytes = 1
        let cache = PublicPageCache(settings: settings)
        let page = PublicPageCache.Page(head: ByteBuffer(string: "HTTP/1.1 200 OK\r\n"), body: ByteBuffer(repeating: 0x61, count: 100_000))
        let pages = (0..<4).map { PublicPageCache.Key(target: "/page\($0)", language: .ja) }
        for key in pages { cache.store(page, for: key, madeIn: cache.generation) }
        // A flood of different posts (each its own key): kept within half the bound, among themselves.
        for n in 0..<50 {
            let key = PublicPageCache.Key(target: "/132152/life-events/death", language: .ja,
                                          posted: PublicPageCache.Posted(contentType: "application/x-www-form-urlencoded",
                                                                         body: ByteBuffer(string: "n=\(n)"), day: 0))
            cache.store(page, for: key, madeIn: cache.generation)
            XCTAssertLessThanOrEqual(cache.computedBytes, cache.capacity / 2)
            XCTAssertLessThanOrEqual(cache.storedBytes, cache.capacity)
        }
        XCTAssertGreaterThan(cache.computedBytes, 0)
        for key in pages { XCTAssertNotNil(cache.page(for: key), "\(key.target) was dropped by posts") }
        // Pages make room by dropping computed answers first.
        for n in 4..<10 { cache.store(page, for: PublicPageCache.Key(target: "/page\(n)", language: .ja), madeIn: cache.generation) }
        XCTAssertLessThanOrEqual(cache.storedBytes, cache.capacity)
        XCTAssertEqual(cache.computedBytes, 0)
        XCTAssertNotNil(cache.page(for: PublicPageCache.Key(target: "/page9", language: .ja)))
        cache.invalidate()
        XCTAssertEqual(cache.storedBytes, 0)
    }

    func testTheBoundCountsTheMemoryAPageHoldsNotItsLength() {
        var settings = Configuration.PageCache()
        settings.megabytes = 1
        let cache = PublicPageCache(settings: settings)
        var body = ByteBuffer()
        body.reserveCapacity(200_000)
        body.writeString("short page")
        let page = PublicPageCache.Page(head: ByteBuffer(string: "HTTP/1.1 200 OK\r\n"), body: body)
        let keys = (0..<20).map { n in
            PublicPageCache.Key(target: "/132152/life-events/death", language: .ja,
                                posted: PublicPageCache.Posted(contentType: "application/x-www-form-urlencoded",
                                                               body: ByteBuffer(string: "n=\(n)"), day: 0))
        }
        for key in keys { cache.store(page, for: key, madeIn: cache.generation) }
        // Each answer holds over 200,000 bytes though it is 27 long: at most two fit in half of 1 MiB.
        XCTAssertGreaterThanOrEqual(cache.computedBytes, 200_000)
        XCTAssertLessThanOrEqual(cache.computedBytes, cache.capacity / 2)
        XCTAssertLessThanOrEqual(keys.filter { cache.page(for: $0) != nil }.count, 2)
        XCTAssertNotNil(cache.page(for: keys[19]), "the last answer is kept")
    }

    // MARK: - Helpers

    static func post(_ port: Int, _ body: String, target: String = path, headers: String = "") throws -> String {
        let socket = try TestSocket(port: port, timeoutSeconds: 30)
        return try socket.request("POST \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\(headers)\r\n\(body)", wholeAnswer: true)
    }

    static func headers(type: String?, length: Int, extra: [(String, String)] = []) -> HTTPHeaders {
        var headers = HTTPHeaders([("Host", "t"), ("Content-Length", "\(length)")] + extra)
        if let type { headers.add(name: "Content-Type", value: type) }
        return headers
    }

    /// The body that shows the checklist: the navigator walked from the event date, answering
    /// `answers` and 「わからない」 for every other question.
    static func checklistBody(_ port: Int, eventDate: CivilDate, answers: [String: String]) throws -> String {
        var fields = ["q": "event_date", "answer": eventDate.description, "go": "next"]
        for _ in 0..<40 {
            let answer = try post(port, encode(fields))
            XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200"), String(answer.prefix(300)))
            var next = hiddenFields(body(of: answer))
            guard let question = next["q"], question != "result" else { return encode(fields) }
            next["answer"] = answers[question] ?? "unknown"
            next["go"] = "next"
            fields = next
        }
        throw XCTSkip("the navigator did not reach its checklist")
    }

    static func encode(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { "\(Browser.escape($0.key))=\(Browser.escape($0.value))" }.joined(separator: "&")
    }

    /// Department staff rename 印鑑登録証の返却 for 132152 through the procedure inventory screen.
    static func renameSealCardReturn(_ app: Application, password: String) async throws {
        let browser = Browser(app: app)
        _ = try await browser.signIn("department_staff", password: password)
        let page = try await browser.get("/132152/staff/procedures/seal_card_return").body.string
        let start = try XCTUnwrap(page.range(of: #"name="definition""#))
        let open = try XCTUnwrap(page.range(of: ">", range: start.upperBound..<page.endIndex))
        let close = try XCTUnwrap(page.range(of: "</textarea>", range: open.upperBound..<page.endIndex))
        let definition = unescapeAttribute(String(page[open.upperBound..<close.lowerBound]))
        let token = try await browser.csrfToken(from: "/132152/staff/procedures/seal_card_return")
        let saved = try await browser.post("/132152/staff/procedures/seal_card_return", form: [
            "_csrf": token, "definition": definition.replacingOccurrences(of: "印鑑登録証の返却", with: "印鑑登録証の返却（国立市）"),
        ])
        XCTAssertEqual(saved.status, .ok, saved.body.string)
    }

    static func head(of answer: String) -> String { PublicPageCacheTests.head(of: answer) }
    static func body(of answer: String) -> String { PublicPageCacheTests.body(of: answer) }
    static func counter(_ app: Application, _ name: String) -> Int { PublicPageCacheTests.counter(app, name) }
}
