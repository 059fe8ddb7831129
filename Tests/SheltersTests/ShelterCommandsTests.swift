import Audit
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import Shelters
import XCTest

/// The shelter list and its live status through the module's commands, on SQLite and PostgreSQL.
final class ShelterCommandsTests: XCTestCase {
    var db: TestDatabase!
    var municipality: Municipality!
    var other: Municipality!
    let commands = ShelterCommands(audit: HashChainAuditLog())
    let queries = ShelterQueries()

    static let header = ["NO", "名称", "名称_カナ", "住所", "緯度", "経度", "想定収容人数", "対象となる町会・自治会"]

    override func setUp() async throws {
        db = try await TestDatabase.make(migrations: CoreModule.manifest.migrations + AuditModule.manifest.migrations
                                         + SheltersModule.manifest.migrations)
        municipality = Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 75000)
        other = Municipality(code: try MunicipalityCode("132233"), name: "武蔵村山市", nameEnglish: "Musashimurayama", prefecture: "東京都", population: 70000)
        try await municipality.create(on: db.database)
        try await other.create(on: db.database)
    }

    override func tearDown() async throws {
        await db?.shutdown()
    }

    private func importDemo() async throws -> ShelterCommands.ImportOutcome {
        let table = try ShelterTable(header: Self.header, rows: [
            ["1", "第一小学校", "ダイイチ", "東京都国立市中1-1", "35.69", "139.44", "400", "中一丁目"],
            ["2", "市民総合体育館", "タイイクカン", "東京都国立市富士見台2-48-1", "35.68", "139.45", "", "富士見台"],
            ["", "名前なし", "", "どこか", "", "", "", ""],
            ["1", "重複", "", "", "", "", "", ""],
        ])
        return try await commands.importTable(table, kind: "evacuation_shelter", municipalityID: municipality.requireID(), by: .system, on: db.database)
    }

    func testImportKeepsTheStandardIDAndReportsRowsItLeftOut() async throws {
        let outcome = try await importDemo()
        XCTAssertEqual(outcome.added, 2)
        XCTAssertEqual(outcome.updated, 0)
        XCTAssertEqual(outcome.skipped, ["line 4: NO or 名称 is empty", "line 5: NO 1 appears twice"])
        let shelters = try await queries.list(municipalityID: municipality.requireID(), on: db.database)
        XCTAssertEqual(shelters.map(\.standardID), ["1", "2"])
        XCTAssertEqual(shelters.first?.capacity, 400)
        XCTAssertNil(shelters.last?.capacity, "an empty capacity stays unknown")
        XCTAssertEqual(Set(shelters.map(\.status)), [ShelterStatus.notOpened.rawValue])

        // A second import updates in place and keeps the status staff reported.
        let first = try XCTUnwrap(shelters.first)
        try await commands.report(first.requireID(), municipalityID: municipality.requireID(),
                                  ShelterReportInput(status: "open", headCount: "10", revision: "0"), by: .system, on: db.database)
        let again = try await importDemo()
        XCTAssertEqual(again.added, 0)
        XCTAssertEqual(again.updated, 2)
        let reread = try await queries.find(first.requireID(), municipalityID: municipality.requireID(), on: db.database)
        XCTAssertEqual(reread.shelterStatus, .open)
        XCTAssertEqual(reread.headCount, 10)
        let others = try await queries.list(municipalityID: other.requireID(), on: db.database)
        XCTAssertTrue(others.isEmpty, "another municipality sees none of them")
    }

    func testATableWithoutTheStandardColumnsIsRefusedNamingTheColumn() {
        XCTAssertThrowsError(try ShelterTable(header: ["名称", "住所"], rows: [])) { error in
            XCTAssertEqual((error as? SheltersError)?.field, "file")
            XCTAssertTrue((error as? SheltersError)?.message.ja.contains("NO") == true)
        }
    }

    func testCrowdingIsSuggestedFromTheHeadCountAt30_60And80PercentUnlessStaffChoose() async throws {
        _ = try await importDemo()
        let listed = try await queries.list(municipalityID: municipality.requireID(), on: db.database)
        let shelter = try XCTUnwrap(listed.first)
        let id = try shelter.requireID(), m = try municipality.requireID()
        var revision = 0
        for (count, expected) in [("119", Crowding.available), ("120", .somewhatCrowded), ("240", .crowded), ("320", .full), ("9999", .full)] {
            let updated = try await commands.report(id, municipalityID: m, ShelterReportInput(status: "open", headCount: count, revision: String(revision)),
                                                    by: .system, on: db.database).shelter
            XCTAssertEqual(updated.crowdingLevel, expected, "\(count) of 400")
            revision = updated.revision
        }
        let chosen = try await commands.report(id, municipalityID: m, ShelterReportInput(status: "open", headCount: "10", crowding: "crowded",
                                                                                         revision: String(revision)), by: .system, on: db.database).shelter
        XCTAssertEqual(chosen.crowdingLevel, .crowded, "staff override the suggestion")
        let closed = try await commands.report(id, municipalityID: m, ShelterReportInput(status: "closed", headCount: "", revision: String(chosen.revision)),
                                               by: .system, on: db.database).shelter
        XCTAssertNil(closed.crowdingLevel, "a closed shelter shows no crowding")
        let history = try await queries.history(of: id, municipalityID: m, on: db.database)
        XCTAssertEqual(history.count, 7, "every report is kept")
        XCTAssertEqual(history.first?.status, "closed")
        XCTAssertTrue(history.contains { $0.crowdingOverridden })
        let audited = try await AuditEntry.query(on: db.database).filter(\.$action == "shelters.report").count()
        XCTAssertEqual(audited, 7)
        let stored = try await queries.find(id, municipalityID: m, on: db.database)
        XCTAssertEqual([stored.status, String(stored.revision)], [closed.status, String(closed.revision)], "what report returns is what is stored")
        let reopened = try await commands.report(id, municipalityID: m, ShelterReportInput(status: "open", headCount: "1", revision: String(closed.revision)),
                                                 by: .system, on: db.database)
        XCTAssertEqual(reopened.previousStatus, .closed)
        XCTAssertTrue(reopened.opened, "the report that opens a closed shelter says so")
        let again = try await commands.report(id, municipalityID: m, ShelterReportInput(status: "open", headCount: "2", revision: String(reopened.shelter.revision)),
                                              by: .system, on: db.database)
        XCTAssertFalse(again.opened, "a report on an open shelter does not open it")
    }

    func testBadReportsNameTheirFieldsAndChangeNothing() async throws {
        _ = try await importDemo()
        let listed = try await queries.list(municipalityID: municipality.requireID(), on: db.database)
        let shelter = try XCTUnwrap(listed.first)
        let id = try shelter.requireID(), m = try municipality.requireID()
        let cases: [(ShelterReportInput, Set<String>)] = [
            (ShelterReportInput(status: "exploded", revision: "0"), ["status"]),
            (ShelterReportInput(status: "open", headCount: "-1", revision: "0"), ["head_count"]),
            (ShelterReportInput(status: "open", headCount: "\(Int.max)", revision: "0"), ["head_count"]),
            (ShelterReportInput(status: "open", headCount: "<script>", households: "3", revision: "0"), ["head_count"]),
            (ShelterReportInput(status: "open", headCount: "2", households: "5", revision: "0"), ["households"]),
            (ShelterReportInput(status: "open", headCount: "2", crowding: "\"'><", revision: "0"), ["crowding"]),
            (ShelterReportInput(status: "open", headCount: "2", revision: "x"), ["revision"]),
        ]
        for (input, fields) in cases {
            do {
                try await commands.report(id, municipalityID: m, input, by: .system, on: db.database)
                XCTFail("accepted \(input)")
            } catch let error as SheltersInputProblems {
                XCTAssertEqual(Set(error.problems.map(\.field)), fields)
            }
        }
        let reread = try await queries.find(id, municipalityID: m, on: db.database)
        XCTAssertEqual(reread.revision, 0)
        XCTAssertEqual(reread.shelterStatus, .notOpened)
        let reports = try await queries.history(of: id, municipalityID: m, on: db.database)
        XCTAssertTrue(reports.isEmpty)
        // Full-width digits as typed on a Japanese phone keyboard are read.
        let typed = try await commands.report(id, municipalityID: m, ShelterReportInput(status: "open", headCount: "１２", revision: "0"), by: .system, on: db.database).shelter
        XCTAssertEqual(typed.headCount, 12)
    }

    func testTwoStaffReportingOnOneShelterCannotOverwriteEachOtherUnseen() async throws {
        _ = try await importDemo()
        let listed = try await queries.list(municipalityID: municipality.requireID(), on: db.database)
        let shelter = try XCTUnwrap(listed.first)
        let id = try shelter.requireID(), m = try municipality.requireID()
        let commands = self.commands, database = db.database
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for count in 1...6 {
                group.addTask {
                    do {
                        try await commands.report(id, municipalityID: m, ShelterReportInput(status: "open", headCount: String(count * 10), revision: "0"),
                                                  by: .system, on: database)
                        return true
                    } catch let error as SheltersInputProblems where error.problems.map(\.field) == ["revision"] {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        XCTAssertEqual(outcomes.filter { $0 }.count, 1, "exactly one report made against revision 0 lands")
        let history = try await queries.history(of: id, municipalityID: m, on: db.database)
        XCTAssertEqual(history.count, 1)
        let reread = try await queries.find(id, municipalityID: m, on: db.database)
        XCTAssertEqual(reread.revision, 1)
        XCTAssertEqual(reread.headCount, history.first?.headCount)
    }

    func testExportsReuseTheStandardIDAndGeoJSONPutsLongitudeFirst() async throws {
        _ = try await importDemo()
        let shelters = try await queries.list(municipalityID: municipality.requireID(), on: db.database)
        let csv = ShelterExports.csv(shelters)
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}\"NO\",\"種別\",\"名称\",\"住所\""), csv)
        XCTAssertTrue(csv.contains("\"1\",\"指定避難所\",\"第一小学校\",\"東京都国立市中1-1\",\"35.69\",\"139.44\",\"400\",\"中一丁目\",\"未開設\""), csv)
        let geo = try XCTUnwrap(try JSONSerialization.jsonObject(with: ShelterExports.geoJSON(shelters)) as? [String: Any])
        let features = try XCTUnwrap(geo["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, 2)
        let geometry = try XCTUnwrap(features.first?["geometry"] as? [String: Any])
        XCTAssertEqual(geometry["coordinates"] as? [Double], [139.44, 35.69])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: ShelterExports.json(shelters, municipalityCode: "132152",
                                                                                             generatedAt: Date(timeIntervalSince1970: 0))) as? [String: Any])
        XCTAssertEqual(json["generated_at"] as? String, "1970-01-01T09:00:00+09:00")
        XCTAssertEqual((json["shelters"] as? [[String: Any]])?.first?["id"] as? String, "1")
    }
}
