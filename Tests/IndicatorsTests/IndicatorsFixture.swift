import Audit
import Catalog
import Counter
import FluentKit
import Forms
import Foundation
import Indicators
import MadoguchiCore
import MadoguchiTestSupport
import Mail
import Privacy
import Surveys
import XCTest

/// A migrated database with every module that declares indicators, two municipalities, and the
/// registry over those manifests.
struct IndicatorsFixture {
    let db: TestDatabase
    let registry: IndicatorRegistry
    let kunitachi: Municipality
    let other: Municipality
    let department: Department

    static let manifests = [CoreModule.manifest, AuditModule.manifest, PrivacyModule.manifest, CounterModule.manifest,
                            CatalogModule.manifest, MailModule.manifest, FormsModule.manifest, IndicatorsModule.manifest,
                            SurveysModule.manifest]

    static func make() async throws -> IndicatorsFixture {
        let db = try await TestDatabase.make(migrations: manifests.flatMap(\.migrations))
        let a = Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 76000)
        let b = Municipality(code: try MunicipalityCode("132233"), name: "武蔵村山市", nameEnglish: "Musashimurayama", prefecture: "東京都", population: 70000)
        try await a.create(on: db.database)
        try await b.create(on: db.database)
        let department = Department(municipalityID: a.id!, code: "joho", name: "情報管理課", nameEnglish: "Information Management")
        try await department.create(on: db.database)
        return IndicatorsFixture(db: db, registry: try IndicatorRegistry(manifests: manifests), kunitachi: a, other: b, department: department)
    }

    var database: any Database { db.database }
    var city: UUID { kunitachi.id! }
    var entry: IndicatorValueEntry { IndicatorValueEntry(registry: registry, audit: HashChainAuditLog()) }
    var measures: MeasureCommands { MeasureCommands(registry: registry, audit: HashChainAuditLog()) }

    /// An instant in Japan time: `jst("2026-04-10 09:00")`.
    static func jst(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Tokyo")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }
}

extension XCTestCase {
    func makeIndicatorsFixture() async throws -> IndicatorsFixture {
        let fixture = try await IndicatorsFixture.make()
        addTeardownBlock { await fixture.db.shutdown() }
        return fixture
    }
}
