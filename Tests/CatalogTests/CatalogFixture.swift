import Audit
import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import XCTest

/// A migrated database with two municipalities and a department each, and the catalogue commands.
struct CatalogFixture {
    let db: TestDatabase
    let commands: DatasetCommands
    let kunitachi: UUID
    let bousai: Department
    let musashimurayama: UUID
    let otherDepartment: Department
    let blobRoot: URL

    static func make(publishGuard: any PublishGuard = NoPublishGuard()) async throws -> CatalogFixture {
        let db = try await TestDatabase.make(migrations: CoreModule.manifest.migrations + AuditModule.manifest.migrations
                                             + CatalogModule.manifest.migrations)
        let database = db.database
        let a = Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 75000)
        let b = Municipality(code: try MunicipalityCode("132233"), name: "武蔵村山市", nameEnglish: "Musashimurayama", prefecture: "東京都", population: 70000)
        try await a.create(on: database)
        try await b.create(on: database)
        let bousai = Department(municipalityID: a.id!, code: "bousai", name: "防災安全課", nameEnglish: "Disaster Prevention")
        let other = Department(municipalityID: b.id!, code: "bousai", name: "防災安全課", nameEnglish: "Disaster Prevention")
        try await bousai.create(on: database)
        try await other.create(on: database)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-blobs-\(UUID().uuidString)")
        let commands = DatasetCommands(audit: HashChainAuditLog(), publishGuard: publishGuard, blobs: FileSystemBlobStore(root: root))
        return CatalogFixture(db: db, commands: commands, kunitachi: a.id!, bousai: bousai, musashimurayama: b.id!,
                              otherDepartment: other, blobRoot: root)
    }

    var database: any Database { db.database }

    func shutdown() async {
        await db.shutdown()
        try? FileManager.default.removeItem(at: blobRoot)
    }

    func input(_ name: String, _ title: String, notes: String = "", tags: [String] = []) -> DatasetInput {
        DatasetInput(name: name, title: title, notes: notes, departmentID: bousai.id!, tags: tags)
    }

    /// Creates and publishes a dataset of Kunitachi.
    @discardableResult
    func published(_ name: String, _ title: String, notes: String = "", tags: [String] = []) async throws -> Dataset {
        let d = try await commands.create(municipalityID: kunitachi, input(name, title, notes: notes, tags: tags), by: .system, on: database)
        return try await commands.publish(d.id!, municipalityID: kunitachi, by: .system, on: database)
    }
}

extension XCTestCase {
    /// A fixture shut down after the test even when the test throws, so connection pools close.
    func makeFixture(publishGuard: any PublishGuard = NoPublishGuard()) async throws -> CatalogFixture {
        let fixture = try await CatalogFixture.make(publishGuard: publishGuard)
        addTeardownBlock { await fixture.shutdown() }
        return fixture
    }
}
