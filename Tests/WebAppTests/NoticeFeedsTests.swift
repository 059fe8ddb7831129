import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest
import XCTVapor

/// The notices' Atom and RSS feeds, read by feedparser (a real feed reader), and conditional GET.
final class NoticeFeedsTests: XCTestCase {
    struct Feed: Decodable {
        struct Entry: Decodable { let id: String?; let title: String?; let link: String?; let updated: String?; let published: String?; let summary: String? }
        let bozo: Bool
        let bozo_exception: String
        let version: String
        let title: String?
        let id: String?
        let updated: String?
        let language: String?
        let selfLinks: [String]
        let entries: [Entry]
        enum CodingKeys: String, CodingKey {
            case bozo, bozo_exception, version, title, id, updated, language, entries
            case selfLinks = "self"
        }
    }

    private func read(_ document: String, suffix: String) async throws -> Feed {
        let (status, output) = try await runPythonOnDocuments("Tests/WebAppTests/python/read_feed.py", [document], suffix: suffix)
        XCTAssertEqual(status, 0, output)
        return try JSONDecoder().decode(Feed.self, from: Data(output.utf8))
    }

    func testAtomAndRSSFromTheSameNoticesReadByFeedparser() async throws {
        try PythonPeer.require(modules: "feedparser", missing: "feedparser (pip install -r Tests/WebAppTests/python/requirements.txt)")
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        try await test.addNoticeAreas(by: admin)
        let first = try await test.createNotice(by: admin, [("title", "防災訓練のお知らせ & <案内>"), ("body", "**訓練**を行います。<script>x</script>"),
                                                            ("category", "bosai"), ("areas[]", "yaho")])
        _ = try await admin.postPairs("/132152/staff/notices/\(first)/publish", [])
        let second = try await test.createNotice(by: admin, [("title", "窓口の受付時間"), ("body", "変更します。"), ("category", "kurashi")])
        _ = try await admin.postPairs("/132152/staff/notices/\(second)/publish", [])

        let atomResponse = try await test.app.sendRequest(.GET, "/132152/notices/feed.atom")
        XCTAssertEqual(atomResponse.status, .ok)
        XCTAssertEqual(atomResponse.headers.first(name: .contentType), "application/atom+xml; charset=utf-8")
        let atom = try await read(atomResponse.body.string, suffix: "atom")
        XCTAssertFalse(atom.bozo, atom.bozo_exception)
        XCTAssertEqual(atom.version, "atom10")
        XCTAssertEqual(atom.id, "tag:madoguchi,2026:132152/notices")
        XCTAssertEqual(atom.language, "ja")
        XCTAssertEqual(atom.selfLinks.count, 1)
        XCTAssertTrue(atom.selfLinks[0].hasSuffix("/132152/notices/feed.atom"), atom.selfLinks[0])
        XCTAssertEqual(Set(atom.entries.compactMap(\.id)), ["urn:uuid:\(first)", "urn:uuid:\(second)"])
        let drill = try XCTUnwrap(atom.entries.first { $0.id == "urn:uuid:\(first)" })
        XCTAssertEqual(drill.title, "防災訓練のお知らせ & <案内>")
        XCTAssertTrue(drill.link?.hasSuffix("/132152/notices/\(first)") == true)
        XCTAssertTrue(drill.summary?.contains("<strong>訓練</strong>") == true, drill.summary ?? "")
        XCTAssertFalse(drill.summary?.contains("<script>") == true)
        XCTAssertEqual(drill.updated, drill.published, "not corrected yet")

        // A correction moves the entry's updated; its id and published stay.
        _ = try await admin.postPairs("/132152/staff/notices/\(first)", [("title", "防災訓練のお知らせ（会場変更）"), ("body", "会場を変更します。"),
                                                                          ("category", "bosai"), ("areas[]", "yaho"), ("note", "会場")])
        let corrected = try await read(try await test.app.sendRequest(.GET, "/132152/notices/feed.atom").body.string, suffix: "atom")
        let after = try XCTUnwrap(corrected.entries.first { $0.id == "urn:uuid:\(first)" })
        XCTAssertEqual(after.title, "防災訓練のお知らせ（会場変更）")
        XCTAssertEqual(after.published, drill.published)
        XCTAssertNotNil(after.updated)
        XCTAssertGreaterThanOrEqual(after.updated ?? "", drill.updated ?? "")

        // Per category and per area.
        let bosai = try await read(try await test.app.sendRequest(.GET, "/132152/notices/feed.atom?category=bosai").body.string, suffix: "atom")
        XCTAssertEqual(bosai.entries.compactMap(\.id), ["urn:uuid:\(first)"])
        XCTAssertEqual(bosai.id, "tag:madoguchi,2026:132152/notices/category/bosai")
        XCTAssertTrue(bosai.selfLinks[0].hasSuffix("/132152/notices/feed.atom?category=bosai"))
        let naka = try await read(try await test.app.sendRequest(.GET, "/132152/notices/feed.atom?area=naka-1").body.string, suffix: "atom")
        XCTAssertEqual(naka.entries.compactMap(\.id), ["urn:uuid:\(second)"], "the whole city's notice, not Yaho's")

        let rssResponse = try await test.app.sendRequest(.GET, "/132152/notices/feed.rss")
        XCTAssertEqual(rssResponse.headers.first(name: .contentType), "application/rss+xml; charset=utf-8")
        let rss = try await read(rssResponse.body.string, suffix: "rss")
        XCTAssertFalse(rss.bozo, rss.bozo_exception)
        XCTAssertEqual(rss.version, "rss20")
        XCTAssertEqual(Set(rss.entries.compactMap(\.id)), ["urn:uuid:\(first)", "urn:uuid:\(second)"])
        XCTAssertTrue(rss.selfLinks.first?.hasSuffix("/132152/notices/feed.rss") == true)
        XCTAssertTrue(rss.entries.allSatisfy { $0.published != nil })

        // A feed of another city holds none of these.
        let other = try await read(try await test.app.sendRequest(.GET, "/132233/notices/feed.atom").body.string, suffix: "atom")
        XCTAssertTrue(other.entries.isEmpty)
    }

    func testFeedsAnswerConditionalRequestsWith304() async throws {
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        let id = try await test.createNotice(by: admin, [("title", "お知らせ"), ("body", "本文"), ("category", "kurashi")])
        _ = try await admin.postPairs("/132152/staff/notices/\(id)/publish", [])
        for path in ["/132152/notices/feed.atom", "/132152/notices/feed.rss"] {
            let first = try await test.app.sendRequest(.GET, path)
            let etag = try XCTUnwrap(first.headers.first(name: .eTag))
            let modified = try XCTUnwrap(first.headers.first(name: .lastModified))
            let again = try await test.app.sendRequest(.GET, path, headers: ["If-None-Match": etag])
            XCTAssertEqual(again.status, .notModified, path)
            XCTAssertEqual(again.body.readableBytes, 0)
            let since = try await test.app.sendRequest(.GET, path, headers: ["If-Modified-Since": modified])
            XCTAssertEqual(since.status, .notModified, path)
            let stale = try await test.app.sendRequest(.GET, path, headers: ["If-None-Match": "\"other\""])
            XCTAssertEqual(stale.status, .ok)
            let old = try await test.app.sendRequest(.GET, path, headers: ["If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"])
            XCTAssertEqual(old.status, .ok)
        }
        let before = try await test.app.sendRequest(.GET, "/132152/notices/feed.atom").headers.first(name: .eTag)
        _ = try await admin.postPairs("/132152/staff/notices/\(id)", [("title", "お知らせ（訂正）"), ("body", "本文"), ("category", "kurashi"), ("note", "件名")])
        let changed = try await test.app.sendRequest(.GET, "/132152/notices/feed.atom", headers: ["If-None-Match": before ?? ""])
        XCTAssertEqual(changed.status, .ok, "a correction changes the feed")
    }
}
