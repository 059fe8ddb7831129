import Audit
import Catalog
import Counter
import FluentKit
import Forms
import Foundation
import Indicators
import Mail
import MadoguchiCore
import MadoguchiTestSupport
import Privacy
import SQLKit
import XCTest

/// Every live indicator the manifests declare, computed for fiscal years (April–March, Japan time)
/// from fixtures whose answers are known; on the engine of `DATABASE_URL`.
final class LiveIndicatorsTests: XCTestCase {
    func testEveryLiveIndicatorFromFixturesWithKnownAnswers() async throws {
        let f = try await makeIndicatorsFixture()
        let db = f.database
        let sql = try db.sql(for: "fixtures")
        let jst = IndicatorsFixture.jst

        // Online applications: FY2026 in April (1) and May (2), FY2025 in March 2026 (1); another city has one.
        let catalog = try FormCatalog.load()
        let form = try XCTUnwrap(catalog.form("move-out"))
        let submissions = FormSubmissions(cipher: FieldCipher(keyRing: try FieldKeyRing.parse("k1:" + Data(repeating: 7, count: 32).base64EncodedString())),
                                          audit: HashChainAuditLog())
        let review = ApplicationReview(submissions: submissions, audit: HashChainAuditLog())
        func submit(_ city: UUID, _ n: Int, at submitted: String, decidedAt: String?) async throws {
            let receipt = try await submissions.submit(form, values: MoveOutApplication.values(moveDate: "2026-12-01"),
                                                       idempotencyKey: "indicators-fixture-\(n)-0000", municipalityID: city,
                                                       today: CivilDate(iso: "2026-11-22")!, actor: .resident, origin: .none, on: db)
            let application = try await XCTUnwrapAsync(try await FormApplication.query(on: db).filter(\.$receiptNumber == receipt.receiptNumber).first())
            application.submittedAt = jst(submitted)
            try await application.save(on: db)
            guard let decidedAt else { return }
            try await review.changeStatus(application, to: .reviewing, comment: "", by: .system, origin: .none, on: db)
            try await review.changeStatus(application, to: .completed, comment: "", by: .system, origin: .none, on: db)
            try await sql.raw("UPDATE form_application_events SET created_at = \(bind: jst(decidedAt)) WHERE application_id = \(bind: application.id!)").run()
        }
        try await submit(f.city, 1, at: "2026-04-10 09:00", decidedAt: "2026-04-12 09:00")   // 2 days
        try await submit(f.city, 2, at: "2026-05-01 09:00", decidedAt: "2026-05-05 09:00")   // 4 days
        try await submit(f.city, 3, at: "2026-05-31 23:30", decidedAt: nil)                  // May in Japan time, open
        try await submit(f.city, 4, at: "2026-03-31 23:59", decidedAt: "2026-04-10 23:59")   // FY2025, 10 days
        try await submit(f.other.id!, 5, at: "2026-04-20 09:00", decidedAt: nil)

        // Assisted counter sessions: two in FY2026, one in FY2025.
        for (n, (event, at)) in [("moving", "2026-04-02 10:00"), ("death", "2026-06-15 10:00"), ("moving", "2026-01-05 10:00")].enumerated() {
            let session = CounterSession()
            session.municipalityID = f.city
            session.reference = "REF00\(n)"
            session.lifeEvent = event
            session.contentCiphertext = "v1.k1.fixture"
            try await session.create(on: db)
            try await sql.raw("UPDATE counter_sessions SET created_at = \(bind: jst(at)) WHERE id = \(bind: session.id!)").run()
        }

        // Open data: published AED (FY2025) and evacuation shelters, a second AED list, a plain dataset (FY2026), a draft.
        let blobs = FileSystemBlobStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("indicators-\(UUID().uuidString)"))
        let datasets = DatasetCommands(audit: HashChainAuditLog(), blobs: blobs)
        func dataset(_ name: String, standard: String?, publishedAt: String?) async throws -> Dataset {
            let d = try await datasets.create(municipalityID: f.city, DatasetInput(name: name, title: name, departmentID: f.department.id!,
                                                                                   standardDataset: standard), by: .system, on: db)
            guard let publishedAt else { return d }
            _ = try await datasets.publish(d.id!, municipalityID: f.city, by: .system, on: db)
            try await sql.raw("UPDATE catalog_datasets SET published_at = \(bind: jst(publishedAt)) WHERE id = \(bind: d.id!)").run()
            return d
        }
        let aed = try await dataset("aed-1", standard: "aed", publishedAt: "2025-06-01 10:00")
        _ = try await dataset("shelters", standard: "evacuation_shelter", publishedAt: "2026-05-01 10:00")
        _ = try await dataset("aed-2", standard: "aed", publishedAt: "2026-06-01 10:00")
        _ = try await dataset("budget", standard: nil, publishedAt: "2026-07-01 10:00")
        _ = try await dataset("draft", standard: "tourism", publishedAt: nil)
        let link = try await datasets.addLink(to: aed.id!, municipalityID: f.city, url: "https://example.jp/aed.csv", name: "AED", format: "CSV",
                                              by: .system, on: db)
        try await sql.raw("UPDATE catalog_resources SET conformity = \(bind: "conforms") WHERE id = \(bind: link.id!)").run()
        for (month, count) in [("2026-03", 2), ("2026-04", 5), ("2027-03", 1), ("2027-04", 7)] {
            try await sql.raw("""
                INSERT INTO catalog_download_counts (id, municipality_id, dataset_id, resource_id, month, count)
                VALUES (\(bind: UUID()), \(bind: f.city), \(bind: aed.id!), \(bind: UUID()), \(bind: month), \(bind: count))
                """).run()
        }

        // Disclosure requests: FY2026 one decided in time, one late, one open; FY2025 one.
        let privacy = PrivacyRequestService(cipher: FieldCipher(keyRing: try FieldKeyRing.parse("k1:" + Data(repeating: 9, count: 32).base64EncodedString())),
                                            audit: HashChainAuditLog())
        for (received, decided) in [("2026-04-01", "2026-04-10"), ("2026-05-01", "2026-08-01"), ("2026-06-01", nil), ("2026-03-15", "2026-03-20")] {
            let request = try await privacy.register(municipalityID: f.city, kind: .disclosure, receivedOn: CivilDate(iso: received)!,
                                                     requester: .init(name: "開示 請求者", address: "国立市富士見台"), subject: "記録",
                                                     actor: .system, on: db)
            if let decided {
                try await privacy.decide(request, decision: .full, grounds: nil, decidedOn: CivilDate(iso: decided)!, actor: .system, database: db)
            }
        }

        // Mail delivery: FY2026 three delivered, one refused (5xx), one given up after every attempt,
        // one still being retried and one waiting (neither finished); FY2025 one delivered; another city one refused.
        for (city, status, attempts, at) in [(f.city, "delivered", 1, "2026-06-01 10:00"), (f.city, "delivered", 1, "2026-07-01 10:00"),
                                             (f.city, "delivered", 3, "2027-03-31 23:00"), (f.city, "permanent-failure", 1, "2026-08-01 10:00"),
                                             (f.city, "technical-failure", MailOutbox.maxAttempts, "2026-09-01 10:00"),
                                             (f.city, "temporary-failure", 2, "2026-10-01 10:00"), (f.city, "created", 0, "2026-10-02 10:00"),
                                             (f.city, "delivered", 1, "2026-03-31 23:00"), (f.other.id!, "permanent-failure", 1, "2026-06-01 10:00")] {
            try await sql.raw("""
                INSERT INTO mail_outbox (id, municipality_id, kind, message, status, attempts, next_attempt_at, created_at)
                VALUES (\(bind: UUID()), \(bind: city), \(bind: "fixture"), \(bind: "sealed"), \(bind: status), \(bind: attempts), \(bind: jst(at)), \(bind: jst(at)))
                """).run()
        }

        let fy2026 = FiscalYear(startYear: 2026), fy2025 = FiscalYear(startYear: 2025)
        let expected: [String: (fy2026: Double?, fy2025: Double?)] = [
            "forms.online_procedures": (Double(Set(catalog.forms.map(\.procedureID)).count), Double(Set(catalog.forms.map(\.procedureID)).count)),
            "forms.applications_by_month": (3, 1),
            "forms.median_processing_days": (3, 10),
            "counter.sessions": (2, 1),
            "indicators.digital_takeup": (60, 50),
            "catalog.published_datasets": (4, 1),
            "catalog.open_data_kinds": (2, 1),
            "catalog.conforming_standard_datasets": (1, 1),
            "catalog.published_datasets_by_standard": (3, 1),
            "catalog.published_resources_by_format": (1, 1),
            "catalog.downloads_by_month": (6, 2),
            "privacy.requests": (3, 1),
            "privacy.requests_within_deadline": (50, 100),
            "mail.delivery_success_rate": (60, 100),
            // No survey answers in this fixture (SurveyResultsTests computes them from known answers).
            "indicators.survey_information_disclosed": (nil, nil),
            "indicators.survey_privacy_protected": (nil, nil),
        ]
        let live = f.registry.declarations.filter { !$0.isEntered }
        XCTAssertEqual(Set(live.map(\.id)), Set(expected.keys), "every live indicator has a known answer here")
        for declaration in live {
            let want = try XCTUnwrap(expected[declaration.id])
            let got2026 = try await f.registry.computed(declaration.id, municipalityID: f.city, year: fy2026, on: db)
            let got2025 = try await f.registry.computed(declaration.id, municipalityID: f.city, year: fy2025, on: db)
            XCTAssertEqual(got2026.map { ($0 * 1000).rounded() / 1000 }, want.fy2026, "\(declaration.id) FY2026")
            XCTAssertEqual(got2025.map { ($0 * 1000).rounded() / 1000 }, want.fy2025, "\(declaration.id) FY2025")
        }

        // The breakdowns behind the figures.
        guard case .live(let byMonth) = try XCTUnwrap(f.registry.declaration("forms.applications_by_month")).computation else { return XCTFail() }
        let ours = try await byMonth(f.city, fy2026, db), theirs = try await byMonth(f.other.id!, fy2026, db)
        XCTAssertEqual(ours, .table([form.procedureID: ["2026-04": 1, "2026-05": 2]]))
        XCTAssertEqual(theirs, .table([form.procedureID: ["2026-04": 1]]), "each city counts its own")
        guard case .live(let sessions) = try XCTUnwrap(f.registry.declaration("counter.sessions")).computation else { return XCTFail() }
        let byEvent = try await sessions(f.city, fy2026, db)
        XCTAssertEqual(byEvent, .breakdown(["moving": 1, "death": 1]))
        let otherCity = try await f.registry.computed("catalog.published_datasets", municipalityID: f.other.id!, year: fy2026, on: db)
        XCTAssertEqual(otherCity, 0)

        // A recorded 実績値 wins over the computed one (counter sessions are purged after 30 days).
        try await f.entry.set(IndicatorValueInput(indicator: "counter.sessions", fiscalYear: "2025", series: "actual", value: "4"),
                              municipalityID: f.city, today: CivilDate(iso: "2026-12-01")!, by: .system, on: db)
        let recorded = try await f.registry.actual("counter.sessions", municipalityID: f.city, year: fy2025, on: db)
        XCTAssertEqual(recorded, 4)
        let takeup = try await f.registry.computed("indicators.digital_takeup", municipalityID: f.city, year: fy2025, on: db)
        XCTAssertEqual(try XCTUnwrap(takeup), 20, accuracy: 0.0001, "1 online ÷ (1 + 4 recorded at the counter)")
    }
}

func XCTUnwrapAsync<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}
