import Audit
import FluentKit
import Forms
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import Privacy
import XCTest

/// The figures the plan's indicators read, from real submissions and decisions (SQLite and PostgreSQL).
final class FormsFiguresTests: XCTestCase {
    var db: TestDatabase!
    let city = UUID()
    let cipher = FieldCipher(keyRing: try! FieldKeyRing.parse("k1:" + Data(repeating: 5, count: 32).base64EncodedString()))

    override func setUp() async throws {
        db = try await TestDatabase.make(migrations: AuditModule.manifest.migrations + FormsModule.manifest.migrations)
    }

    override func tearDown() async throws { await db.shutdown() }

    func testOnlineProceduresApplicationsPerMonthAndMedianProcessingTime() async throws {
        let catalog = try FormCatalog.load()
        let figures = FormsFigureSource(catalog: catalog)
        XCTAssertEqual(figures.onlineProcedureCount(), Set(catalog.forms.map(\.procedureID)).count)
        XCTAssertGreaterThanOrEqual(figures.onlineProcedureCount(), 5)
        let noneDecided = try await figures.medianProcessingDays(municipalityID: city, on: db.database)
        XCTAssertNil(noneDecided)

        let form = try XCTUnwrap(catalog.form("move-out"))
        let submissions = FormSubmissions(cipher: cipher, audit: HashChainAuditLog())
        let review = ApplicationReview(submissions: submissions, audit: HashChainAuditLog())
        let values = MoveOutApplication.values(moveDate: "2026-12-01")
        var applications: [FormApplication] = []
        for n in 0..<3 {
            let receipt = try await submissions.submit(form, values: values, idempotencyKey: "figures-key-00000\(n)", municipalityID: city,
                                                       today: CivilDate(iso: "2026-11-22")!, actor: .resident, origin: .none, on: db.database)
            let application = try await FormApplication.query(on: db.database).filter(\.$receiptNumber == receipt.receiptNumber).first()
            applications.append(try XCTUnwrap(application))
        }
        // Decided 4 and 2 days after submission: the median is 3 days. The third stays open.
        for (application, daysAgo) in zip(applications, [4.0, 2.0]) {
            application.submittedAt = Date(timeIntervalSinceNow: -daysAgo * 86_400)
            try await application.save(on: db.database)
            try await review.changeStatus(application, to: .reviewing, comment: "", by: .system, origin: .none, on: db.database)
            try await review.changeStatus(application, to: .completed, comment: "", by: .system, origin: .none, on: db.database)
        }
        let median = try await figures.medianProcessingDays(municipalityID: city, on: db.database)
        XCTAssertEqual(try XCTUnwrap(median), 3.0, accuracy: 0.01)

        let byMonth = try await figures.applicationsByMonth(municipalityID: city, on: db.database)
        XCTAssertEqual(byMonth[form.procedureID]?.values.reduce(0, +), 3)
        let other = try await figures.applicationsByMonth(municipalityID: UUID(), on: db.database)
        XCTAssertTrue(other.isEmpty)
    }
}
