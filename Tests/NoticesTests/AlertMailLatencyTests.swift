import Audit
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import Mail
import Notices
import XCTest

/// The time from an alert's issue to its first mail handed to SMTP, as the notices manifest
/// declares it (issue 14, item 7), with known answers per fiscal year: the median and maximum
/// seconds and the number of alerts measured. Only the alert's first message's e-mails count (not
/// its webhooks, not its later updates' mails); an alert without a delivered mail and another
/// city's alerts are left out. SQLite, or PostgreSQL with `DATABASE_URL`.
final class AlertMailLatencyTests: XCTestCase {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var date = Date()
        var now: Date {
            get { lock.withLock { date } }
            set { lock.withLock { date = newValue } }
        }
    }

    func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text + "+09:00")!
    }

    func testMedianAndMaximumSecondsPerFiscalYear() async throws {
        let db = try await TestDatabase.make(migrations: CoreModule.manifest.migrations + AuditModule.manifest.migrations
                                             + MailModule.manifest.migrations + NoticesModule.manifest.migrations)
        addTeardownBlock { await db.shutdown() }
        let database = db.database
        let kunitachi = Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 75000)
        let other = Municipality(code: try MunicipalityCode("132233"), name: "武蔵村山市", nameEnglish: "Musashimurayama", prefecture: "東京都", population: 70000)
        try await kunitachi.create(on: database)
        try await other.create(on: database)
        let audit = HashChainAuditLog()
        let areas = NoticeAreas(audit: audit)
        try await areas.add(municipalityID: kunitachi.id!, code: "yaho", name: "谷保", nameEnglish: "Yaho", by: .system, on: database)
        try await areas.add(municipalityID: other.id!, code: "midori", name: "緑が丘", nameEnglish: "Midorigaoka", by: .system, on: database)
        let clock = Clock()
        let alerts = AlertCommands(audit: audit, publicURL: "https://city.example.jp", now: { clock.now })

        /// Issues an alert at `issued`; returns its messages' outbox references in order.
        func issue(_ issued: String, in city: Municipality, area: String) async throws -> (alert: UUID, reference: String) {
            clock.now = at(issued)
            let alert = try await alerts.issue(municipality: city, AlertInput(level: "4", areaCodes: [area]), by: .system, on: database)
            let message = try await XCTUnwrapAsync(try await AlertMessage.query(on: database).filter(\.$alertID == alert.requireID()).sort(\.$sequence).first())
            return (try alert.requireID(), "notices:alert:" + (try message.requireID().uuidString.lowercased()))
        }
        /// A message of `reference` accepted at `sent` (nil: not delivered yet).
        func message(_ reference: String, in city: Municipality, channel: DeliveryChannel = .email, sent: Date?) async throws {
            let row = OutboxMessage()
            row.id = UUID()
            row.municipalityID = try city.requireID()
            row.kind = "notices.message"
            row.channel = channel.rawValue
            row.messageCiphertext = "unused"
            row.status = sent == nil ? DeliveryStatus.temporaryFailure.rawValue : DeliveryStatus.delivered.rawValue
            row.reference = reference
            row.attempts = 1
            row.nextAttemptAt = Date()
            row.sentAt = sent
            row.statusAt = sent
            try await row.create(on: database)
        }

        // FY2025: one alert, first mail 7 s after the issue.
        let march = try await issue("2026-03-31T23:59:00", in: kunitachi, area: "yaho")
        try await message(march.reference, in: kunitachi, sent: at("2026-03-31T23:59:07"))
        // FY2026: mails at +12 s (and +40 s), a webhook at +2 s that does not count, an update whose mail is at +5 s that does not count.
        let june = try await issue("2026-06-01T10:00:00", in: kunitachi, area: "yaho")
        try await message(june.reference, in: kunitachi, sent: at("2026-06-01T10:00:40"))
        try await message(june.reference, in: kunitachi, sent: at("2026-06-01T10:00:12"))
        try await message(june.reference, in: kunitachi, channel: .webhook, sent: at("2026-06-01T10:00:02"))
        clock.now = at("2026-06-01T10:00:03")
        _ = try await alerts.update(june.alert, municipality: kunitachi, AlertInput(level: "5", areaCodes: ["yaho"]), by: .system, on: database)
        let update = try await XCTUnwrapAsync(try await AlertMessage.query(on: database).filter(\.$alertID == june.alert).filter(\.$sequence == 2).first())
        try await message("notices:alert:" + (try update.requireID().uuidString.lowercased()), in: kunitachi, sent: at("2026-06-01T10:00:05"))
        // +30 s and +95 s.
        let july = try await issue("2026-07-01T08:00:00", in: kunitachi, area: "yaho")
        try await message(july.reference, in: kunitachi, sent: at("2026-07-01T08:00:30"))
        let august = try await issue("2026-08-01T08:00:00", in: kunitachi, area: "yaho")
        try await message(august.reference, in: kunitachi, sent: at("2026-08-01T08:01:35"))
        // No mail delivered yet: not measured.
        let september = try await issue("2026-09-01T08:00:00", in: kunitachi, area: "yaho")
        try await message(september.reference, in: kunitachi, sent: nil)
        // Another city's alert, 1 s: its own.
        let elsewhere = try await issue("2026-06-02T08:00:00", in: other, area: "midori")
        try await message(elsewhere.reference, in: other, sent: at("2026-06-02T08:00:01"))

        let declarations = Dictionary(uniqueKeysWithValues: NoticesModule.manifest.indicators.map { ($0.id, $0) })
        func value(_ id: String, _ year: Int, _ city: Municipality) async throws -> IndicatorDeclaration.Value {
            let declaration = try XCTUnwrap(declarations[id], id)
            XCTAssertEqual(declaration.unit, id.hasSuffix("seconds") ? .seconds : .count)
            guard case .live(let compute) = declaration.computation else { throw XCTSkip("not live") }
            return try await compute(try city.requireID(), FiscalYear(startYear: year), database)
        }
        let median = "notices.alert_first_mail_median_seconds", maximum = "notices.alert_first_mail_max_seconds", count = "notices.alert_first_mail_alerts"
        try await assertEqual(try await value(median, 2026, kunitachi), .measure(30), "12, 30 and 95 s")
        try await assertEqual(try await value(maximum, 2026, kunitachi), .measure(95))
        try await assertEqual(try await value(count, 2026, kunitachi), .count(3))
        try await assertEqual(try await value(median, 2025, kunitachi), .measure(7))
        try await assertEqual(try await value(maximum, 2025, kunitachi), .measure(7))
        try await assertEqual(try await value(count, 2025, kunitachi), .count(1))
        try await assertEqual(try await value(median, 2024, kunitachi), .measure(nil), "no alert: nothing to measure")
        try await assertEqual(try await value(count, 2024, kunitachi), .count(0))
        try await assertEqual(try await value(median, 2026, other), .measure(1))
        XCTAssertEqual(AlertMailLatency.median([4, 1, 3, 2]), 2.5, "an even count takes the mean of the middle two")
        XCTAssertNil(AlertMailLatency.median([]))
    }
}

func XCTUnwrapAsync<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}

func assertEqual<T: Equatable>(_ value: T, _ expected: T, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) async throws {
    XCTAssertEqual(value, expected, message, file: file, line: line)
}
