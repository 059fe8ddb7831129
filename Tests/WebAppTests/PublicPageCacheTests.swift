import Foundation
import MadoguchiCore
import NIOCore
import Vapor
@testable import WebApp
import XCTest

/// The cache of public pages: the front answers a repeated public page itself, a write that changes
/// public content is seen at once on the same instance and within the stated bound on another, and
/// nothing that is someone's own (a form token, a session, an API token, a language choice) is kept.
final class PublicPageCacheTests: XCTestCase {
    func testARepeatedPublicPageComesFromTheCacheAndChangesWithTheWriteThatChangesIt() async throws {
        let (test, port) = try await startLiveServer()
        let first = try Self.get(port, "/")
        XCTAssertTrue(first.hasPrefix("HTTP/1.1 200"), first)
        XCTAssertTrue(first.contains("国立市"))
        XCTAssertFalse(first.contains("千代田区"))
        let hitsBefore = Self.counter(test.app, "madoguchi_page_cache_hits_total")
        let second = try Self.get(port, "/")
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hitsBefore + 1, "the second request is answered from the cache; stores: \(Self.counter(test.app, "madoguchi_page_cache_stores_total")), misses: \(Self.counter(test.app, "madoguchi_page_cache_misses_total"))")
        XCTAssertEqual(Self.body(of: second), Self.body(of: first))
        let head = Self.head(of: second)
        XCTAssertTrue(head.contains("\r\ndate: "), head)
        XCTAssertTrue(head.contains("content-security-policy: ") || head.contains("Content-Security-Policy: "), "security headers are kept: \(head)")

        // A system administrator adds a municipality: the list of municipalities changes at once.
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("system_administrator", password: test.password)
        let created = try await admin.post("/132152/staff/municipalities",
                                           form: ["code": "131016", "name": "千代田区", "name_en": "Chiyoda", "prefecture": "東京都", "population": "68000"])
        XCTAssertLessThan(created.status.code, 400)
        let after = try Self.get(port, "/")
        XCTAssertTrue(after.contains("千代田区"), "the cached list was dropped by the write")
    }

    func testPagesThatAreSomeonesOwnAreNeverKept() async throws {
        let (test, port) = try await startLiveServer()
        let storesBefore = Self.counter(test.app, "madoguchi_page_cache_stores_total")

        // A page with a form holds its browser's token: two visitors get two tokens.
        let one = try Self.get(port, "/132152/privacy/requests/new")
        let two = try Self.get(port, "/132152/privacy/requests/new")
        XCTAssertTrue(one.hasPrefix("HTTP/1.1 200"), String(one.prefix(200)))
        XCTAssertNotEqual(hiddenFields(Self.body(of: one))["_csrf"], hiddenFields(Self.body(of: two))["_csrf"])
        // A language choice sets a cookie; credentials, ranges and conditions ask for someone's own answer.
        _ = try Self.get(port, "/132152/?lang=en")
        _ = try Self.get(port, "/132152/api/3/action/package_search", headers: "Authorization: Bearer not-a-token\r\n")
        _ = try Self.get(port, "/132152/dataset", headers: "If-None-Match: \"x\"\r\n")
        _ = try Self.get(port, "/static/site.css", headers: "Range: bytes=0-3\r\n")
        // Staff pages.
        _ = try Self.get(port, "/132152/staff/login")
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_stores_total"), storesBefore, "nothing personal was stored")

        // The same public page in the other language is another page.
        _ = try Self.get(port, "/132152/")
        let japanese = try Self.get(port, "/132152/")
        let english = try Self.get(port, "/132152/", headers: "Cookie: lang=en\r\n")
        XCTAssertTrue(Self.body(of: japanese).contains("lang=\"ja\""))
        XCTAssertTrue(Self.body(of: english).contains("lang=\"en\""))
    }

    func testResidentsWritesLeaveTheCacheAlone() async throws {
        let (test, port) = try await startLiveServer()
        _ = try Self.get(port, "/132152/")
        let invalidations = Self.counter(test.app, "madoguchi_page_cache_invalidations_total")
        // An anonymous failed sign-in and a navigator step: neither may empty the cache (else anyone could).
        let visitor = Browser(app: test.app)
        _ = try await visitor.signIn("system_administrator", password: "wrong password")
        _ = try await visitor.post("/132152/life-events/death", form: ["screen": "event-date", "answer": "2026-11-01"], csrf: false)
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_invalidations_total"), invalidations)
        let hits = Self.counter(test.app, "madoguchi_page_cache_hits_total")
        _ = try Self.get(port, "/132152/")
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_hits_total"), hits + 1)
    }

    func testASurgeOnAPageNotYetCachedMakesItOnce() async throws {
        let (test, port) = try await startLiveServer()
        let stores = Self.counter(test.app, "madoguchi_page_cache_stores_total")
        let invalidations = Self.counter(test.app, "madoguchi_page_cache_invalidations_total")
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<24 { group.addTask { try Self.get(port, "/132152/dataset?q=surge") } }
            return try await group.reduce(into: [String]()) { $0.append(Self.body(of: $1)) }
        }
        XCTAssertEqual(answers.count, 24)
        XCTAssertEqual(Set(answers).count, 1, "every resident got the same page")
        XCTAssertTrue(answers[0].contains("surge"))
        // Once, unless a background write emptied the cache during the surge (on a loaded machine the
        // one-second version sync may land in it): then once more per emptying, never once per request.
        let emptied = Self.counter(test.app, "madoguchi_page_cache_invalidations_total") - invalidations
        XCTAssertEqual(Self.counter(test.app, "madoguchi_page_cache_stores_total"), stores + 1 + emptied, "made and stored once")
    }

    func testPipelinedAnswersKeepTheirOrder() async throws {
        let (test, port) = try await startLiveServer()
        _ = try Self.get(port, "/")
        _ = try Self.get(port, "/")  // now cached
        // The first request goes to the application; the second, cached, must not overtake it.
        let socket = try TestSocket(port: port)
        try socket.send("GET /132152/dataset?q=order HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while String(decoding: received, as: UTF8.self).components(separatedBy: "HTTP/1.1 200").count < 3 || !Self.bothComplete(received) {
            let read = recv(socket.fd, &chunk, chunk.count, 0)
            if read <= 0 { break }
            received += chunk[..<read]
        }
        let text = String(decoding: received, as: UTF8.self)
        let dataset = try XCTUnwrap(text.range(of: "order"), "the dataset search answered")
        let root = try XCTUnwrap(text.range(of: "国立市", range: dataset.upperBound..<text.endIndex), "the root page came second")
        XCTAssertLessThan(dataset.lowerBound, root.lowerBound)
    }

    func testAnEditOnOneInstanceReachesAnotherWithinTheStatedBound() async throws {
        let (test, _) = try await startLiveServer()
        // A second instance on the same database (the same SQLite file, or the same PostgreSQL).
        let (_, otherPort) = try await startAnotherInstance(of: test, boot: true)
        _ = try Self.get(otherPort, "/")
        XCTAssertFalse(try Self.get(otherPort, "/").contains("千代田区"))

        let admin = Browser(app: test.app)
        _ = try await admin.signIn("system_administrator", password: test.password)
        let created = try await admin.post("/132152/staff/municipalities",
                                           form: ["code": "131016", "name": "千代田区", "name_en": "Chiyoda", "prefecture": "東京都", "population": "68000"])
        XCTAssertLessThan(created.status.code, 400)
        let written = Date()
        var seen: TimeInterval?
        while Date().timeIntervalSince(written) < 10 {
            if try Self.get(otherPort, "/").contains("千代田区") {
                seen = Date().timeIntervalSince(written)
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let delay = try XCTUnwrap(seen, "the other instance never showed the change")
        // The bound: one sync interval (1 s), plus slack for a loaded machine.
        XCTAssertLessThan(delay, Double(test.app.madoguchi.configuration.pageCache.syncSeconds) + 2)
    }

    func testAPageMadeBeforeAnInvalidationIsNotKeptAndPagesExpire() {
        let cache = PublicPageCache(settings: Configuration.PageCache())
        let key = PublicPageCache.Key(target: "/", language: .ja)
        let page = PublicPageCache.Page(head: ByteBuffer(string: "HTTP/1.1 200 OK\r\n"), body: ByteBuffer(string: "x"))
        let started = cache.generation
        cache.invalidate()  // a write committed while the page was being made
        cache.store(page, for: key, madeIn: started)
        XCTAssertNil(cache.page(for: key))
        let now = NIODeadline.now()
        cache.store(page, for: key, madeIn: cache.generation, now: now)
        XCTAssertNotNil(cache.page(for: key, now: now))
        XCTAssertNil(cache.page(for: key, now: now + cache.lifetime), "expired")
        cache.store(page, for: key, madeIn: cache.generation, now: now)
        cache.observe(version: 7)
        XCTAssertNotNil(cache.page(for: key, now: now), "the first look only notes the version")
        cache.observe(version: 8)
        XCTAssertNil(cache.page(for: key, now: now), "another instance moved it")
        XCTAssertEqual(cache.storedBytes, 0)
    }

    // MARK: - Helpers

    static func get(_ port: Int, _ target: String, headers: String = "") throws -> String {
        let socket = try TestSocket(port: port, timeoutSeconds: 30)
        return try socket.request("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(headers)\r\n", wholeAnswer: true)
    }

    static func head(of answer: String) -> String { answer.components(separatedBy: "\r\n\r\n").first ?? "" }

    static func body(of answer: String) -> String {
        guard let split = answer.range(of: "\r\n\r\n") else { return "" }
        return String(answer[split.upperBound...])
    }

    static func counter(_ app: Application, _ name: String) -> Int {
        let text = app.madoguchi.metrics.emitToString()
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Int(Double(line.split(separator: " ").last ?? "") ?? -1)
        }
        return 0
    }

    /// True once two complete answers (by Content-Length) are in `bytes`.
    static func bothComplete(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        for _ in 0..<2 {
            let text = String(decoding: rest, as: UTF8.self)
            guard let split = text.range(of: "\r\n\r\n") else { return false }
            let head = text[..<split.lowerBound].lowercased()
            guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                  let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return false }
            let headBytes = text.utf8.distance(from: text.utf8.startIndex, to: split.upperBound)
            guard rest.count >= headBytes + length else { return false }
            rest = rest.dropFirst(headBytes + length)
        }
        return true
    }
}
