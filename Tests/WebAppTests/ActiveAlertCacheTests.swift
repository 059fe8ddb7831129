import FluentKit
import Foundation
import MadoguchiCore
import Notices
@testable import WebApp
import XCTest
import XCTVapor

/// The banner's alerts live in memory; an alert another instance issued reaches this one's pages on
/// the cache's next round (every second), which also drops the cached public pages that carry the banner.
final class ActiveAlertCacheTests: XCTestCase {
    func testAnAlertWrittenElsewhereShowsAfterOneRoundAndDropsCachedPages() async throws {
        let test = try await makeTestApp()
        let municipality = test.kunitachi
        try await NoticeAreas(audit: test.app.madoguchi.audit).add(municipalityID: municipality.requireID(), code: "naka-1", name: "中一丁目",
                                                                   nameEnglish: "Naka 1", by: .system, on: test.app.db)
        let pageCache = try XCTUnwrap(test.app.publicPageCache)
        let job = ActiveAlertCache.job(cache: test.app.activeAlerts, pageCache: pageCache)

        // Another instance issues an alert: this one's memory does not know yet.
        let commands = AlertCommands(audit: test.app.madoguchi.audit, publicURL: "http://localhost")
        let alert = try await commands.issue(municipality: municipality, AlertInput(level: "5", areaCodes: ["naka-1"]), by: .system, on: test.app.db)
        var page = try await test.app.sendRequest(.GET, "/132152/").body.string
        XCTAssertFalse(page.contains("role=\"alert\""), "read from memory, not from the database per request")

        let before = pageCache.generation
        await job.body(test.app)
        XCTAssertNotEqual(pageCache.generation, before, "a change drops the cached public pages")
        page = try await test.app.sendRequest(.GET, "/132152/").body.string
        XCTAssertTrue(page.contains("role=\"alert\"") && page.contains("警戒レベル5 緊急安全確保"))

        // A round with nothing new keeps the cached pages.
        let unchanged = pageCache.generation
        await job.body(test.app)
        XCTAssertEqual(pageCache.generation, unchanged)

        _ = try await commands.lift(alert.requireID(), municipality: municipality, by: .system, on: test.app.db)
        await job.body(test.app)
        page = try await test.app.sendRequest(.GET, "/132152/").body.string
        XCTAssertFalse(page.contains("role=\"alert\""))
    }
}
