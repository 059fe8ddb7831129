import FluentKit
import Foundation
import MadoguchiCore
import Notices
import XCTest

/// The notices' indicators as the manifest declares them, with known answers per fiscal year.
final class NoticesIndicatorsTests: XCTestCase {
    func testNoticesPerMonthAndAlertsIssuedPerFiscalYear() async throws {
        let f = try await makeNoticesFixture()
        let japan = TimeZone(identifier: "Asia/Tokyo")!
        @Sendable func at(_ text: String) -> Date {
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = japan
            return formatter.date(from: text + "+09:00")!
        }
        // Published at fixed instants: 2026-03-31 23:30 (FY2025), 2026-04-01 00:10 and 2026-04-20 (FY2026, April), 2026-05-02.
        // Each notice reads the clock twice (created, then published).
        let dates = [at("2026-03-31T23:30:00"), at("2026-04-01T00:10:00"), at("2026-04-20T12:00:00"), at("2026-05-02T09:00:00")]
        let clock = Clock(dates.flatMap { [$0, $0] })
        let commands = NoticeCommands(audit: f.audit, now: { clock.next() })
        for i in 0..<4 {
            let notice = try await commands.create(municipalityID: f.kunitachiID, f.input("お知らせ\(i)"), by: .system, on: f.database)
            _ = try await commands.publish(notice.id!, municipalityID: f.kunitachiID, by: .system, on: f.database)
        }
        let declarations = Dictionary(uniqueKeysWithValues: NoticesModule.manifest.indicators.map { ($0.id, $0) })
        let perMonth = try XCTUnwrap(declarations["notices.published_by_month"])
        guard case .live(let compute) = perMonth.computation else { return XCTFail("live") }
        let fy2026 = try await compute(f.kunitachiID, FiscalYear(startYear: 2026), f.database)
        XCTAssertEqual(fy2026, .breakdown(["2026-04": 2, "2026-05": 1]))
        let fy2025 = try await compute(f.kunitachiID, FiscalYear(startYear: 2025), f.database)
        XCTAssertEqual(fy2025, .breakdown(["2026-03": 1]))
        let other = try await compute(f.musashimurayama.id!, FiscalYear(startYear: 2026), f.database)
        XCTAssertEqual(other, .breakdown([:]))

        let alerts = AlertCommands(audit: f.audit, publicURL: "http://localhost", now: { at("2026-06-01T10:00:00") })
        _ = try await alerts.issue(municipality: f.kunitachi, AlertInput(level: "3", areaCodes: ["yaho"]), by: .system, on: f.database)
        let issued = try XCTUnwrap(declarations["notices.alerts_issued"])
        guard case .live(let count) = issued.computation else { return XCTFail("live") }
        let inYear = try await count(f.kunitachiID, FiscalYear(startYear: 2026), f.database)
        XCTAssertEqual(inYear, .count(1))
        let before = try await count(f.kunitachiID, FiscalYear(startYear: 2025), f.database)
        XCTAssertEqual(before, .count(0))
    }

    /// Hands out the given instants in order (then repeats the last), as the commands' clock.
    final class Clock: @unchecked Sendable {
        private var dates: [Date]
        private let lock = NSLock()
        init(_ dates: [Date]) { self.dates = dates }
        func next() -> Date { lock.withLock { dates.count > 1 ? dates.removeFirst() : dates[0] } }
    }
}
