import Audit
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import Notices
import XCTest

/// A migrated database with two municipalities, a department and three areas in the first, and
/// the notices commands.
struct NoticesFixture {
    let db: TestDatabase
    let kunitachi: Municipality
    let musashimurayama: Municipality
    let department: Department
    let notices: NoticeCommands
    let areas: NoticeAreas
    let audit = HashChainAuditLog()

    static func make() async throws -> NoticesFixture {
        let db = try await TestDatabase.make(migrations: CoreModule.manifest.migrations + AuditModule.manifest.migrations
                                             + NoticesModule.manifest.migrations)
        let database = db.database
        let a = Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 75000)
        let b = Municipality(code: try MunicipalityCode("132233"), name: "武蔵村山市", nameEnglish: "Musashimurayama", prefecture: "東京都", population: 70000)
        try await a.create(on: database)
        try await b.create(on: database)
        let department = Department(municipalityID: a.id!, code: "bousai", name: "防災安全課", nameEnglish: "Disaster Prevention")
        try await department.create(on: database)
        let audit = HashChainAuditLog()
        let areas = NoticeAreas(audit: audit)
        try await areas.add(municipalityID: a.id!, code: "naka-1", name: "中一丁目", nameEnglish: "Naka 1-chome", households: "1200", population: "2500", by: .system, on: database)
        try await areas.add(municipalityID: a.id!, code: "naka-2", name: "中二丁目", nameEnglish: "Naka 2-chome", households: "800", population: "1700", by: .system, on: database)
        try await areas.add(municipalityID: a.id!, code: "yaho", name: "谷保", nameEnglish: "Yaho", by: .system, on: database)
        return NoticesFixture(db: db, kunitachi: a, musashimurayama: b, department: department,
                              notices: NoticeCommands(audit: audit), areas: areas)
    }

    var database: any Database { db.database }
    var kunitachiID: UUID { kunitachi.id! }

    func input(_ title: String, category: NoticeCategory = .living, areas: [String] = [], body: String = "本文です。") -> NoticeInput {
        NoticeInput(title: title, body: body, category: category.rawValue, departmentID: department.id!.uuidString, areaCodes: areas)
    }

    /// A published notice of Kunitachi.
    @discardableResult
    func published(_ title: String, category: NoticeCategory = .living, areas: [String] = []) async throws -> Notice {
        let notice = try await notices.create(municipalityID: kunitachiID, input(title, category: category, areas: areas), by: .system, on: database)
        return try await notices.publish(notice.id!, municipalityID: kunitachiID, by: .system, on: database)
    }

    func auditActions() async throws -> [String] {
        try await AuditEntry.query(on: database).sort(\.$sequence).all().map(\.action)
    }
}

extension XCTestCase {
    func makeNoticesFixture() async throws -> NoticesFixture {
        let fixture = try await NoticesFixture.make()
        addTeardownBlock { await fixture.db.shutdown() }
        return fixture
    }
}
