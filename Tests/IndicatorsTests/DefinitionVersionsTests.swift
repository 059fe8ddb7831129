import Audit
import FluentKit
import Foundation
import Indicators
import MadoguchiCore
import XCTest

/// The versions of a 施策's definition through the module's commands, on the engine of `DATABASE_URL`:
/// concurrent edits, the first edit of a definition written before histories were kept, and a
/// restore that would bring back an indicator no longer declared.
final class DefinitionVersionsTests: XCTestCase {
    static let form = MeasureForm(values: [
        "code": "m-1", "policy_name": "自治体経営", "name": "最初の名前", "lead_department": "情報管理課",
        "outcome_indicator_1": "catalog.open_data_kinds", "first_year": "2021", "last_year": "2023",
    ])
    let today = CivilDate(year: 2026, month: 6, day: 1)!

    func testTwoEditsBasedOnTheSameVersionAtOnceOneIsWrittenAndTheOtherRefused() async throws {
        let f = try await makeIndicatorsFixture()
        try await f.measures.create(Self.form, municipalityID: f.city, today: today, by: .system, on: f.database)
        for round in 1...5 {
            let base = try await versions(f)
            let (measures, database, city, today) = (f.measures, f.database, f.city, today)
            let names = ["A\(round)", "B\(round)"]
            let results = await withTaskGroup(of: (Int, Result<Void, IndicatorsError>).self) { group in
                for (i, name) in names.enumerated() {
                    group.addTask { (i, await Self.edit(measures, name: name, basedOn: base, city: city, today: today, on: database)) }
                }
                var ordered = [Result<Void, IndicatorsError>](repeating: .success(()), count: names.count)
                for await (i, result) in group { ordered[i] = result }
                return ordered
            }
            let written = results.filter { if case .success = $0 { true } else { false } }.count
            XCTAssertEqual(written, 1, "round \(round): exactly one edit is written")
            for case .failure(let error) in results { XCTAssertEqual(error, .staleVersion, "round \(round)") }
            let latest = try await versions(f)
            XCTAssertEqual(latest, base + 1)
            let name = try await Measure.query(on: f.database).filter(\.$code == "m-1").first()?.name
            let winner = results[0].isSuccess ? "A\(round)" : "B\(round)"
            XCTAssertEqual(name, winner, "the stored definition is the one whose version was written")
            let stored = try await DefinitionVersion.query(on: f.database).filter(\.$version == latest).first()
            XCTAssertTrue(stored?.snapshot.contains(winner) == true)
        }
    }

    func testTheFirstEditOfADefinitionWithoutHistoryKeepsItsEarlierStateAsVersionOne() async throws {
        let f = try await makeIndicatorsFixture()
        try await f.measures.save(.init(code: "old", policyName: "政策", name: "昔の施策", leadDepartment: "課", relatedDepartments: "", author: ""),
                                  content: MeasureContent(targetGroups: ["市民"], intent: "", targetIndicators: [], outcomeIndicators: [],
                                                          directions: [], columns: [2020, 2021]),
                                  municipalityID: f.city, by: .system, on: f.database)
        try await DefinitionVersion.query(on: f.database).delete()   // as written before histories were kept
        let editing = try await MeasureDefinitions.editing(code: "old", municipalityID: f.city, on: f.database)
        XCTAssertEqual(editing.version, 0)
        var form = editing.form
        form.values["name"] = "新しい施策名"
        let staff = UUID()
        try await f.measures.update(code: "old", form, basedOn: 0, municipalityID: f.city, today: today, by: .staff(staff), on: f.database)
        let history = try await MeasureDefinitions.history(code: "old", municipalityID: f.city, on: f.database)
        XCTAssertEqual(history.versions.map(\.summary.version), [2, 1])
        XCTAssertEqual(history.versions.map(\.summary.changedBy), [staff, nil])
        XCTAssertEqual(history.versions[1].form["name"], "昔の施策")
        XCTAssertEqual(history.versions[0].summary.changedFields, ["name"])
        try await f.measures.restore(code: "old", version: 1, basedOn: 2, municipalityID: f.city, today: today, by: .staff(staff), on: f.database)
        let found = try await Measure.query(on: f.database).filter(\.$code == "old").first()
        let measure = try XCTUnwrap(found)
        XCTAssertEqual(measure.name, "昔の施策")
        XCTAssertEqual(try measure.content.columns, [2020, 2021])
        let audit = try await AuditEntry.query(on: f.database).filter(\.$targetID == "old").sort(\.$sequence).all()
        XCTAssertEqual(audit.map(\.action), ["indicators.measure.create", "indicators.measure.update", "indicators.measure.restore"])
        XCTAssertEqual(audit[1].detailDictionary, ["version": "2", "previous_version": "1", "fields": "name"])
        XCTAssertEqual(audit[2].detailDictionary, ["version": "3", "previous_version": "2", "fields": "name", "restores": "1"])
    }

    func testARestoreThatWouldBringBackAnIndicatorNoLongerDeclaredIsRefused() async throws {
        let f = try await makeIndicatorsFixture()
        var form = Self.form
        form.values["outcome_indicator_2"] = "privacy.requests"
        try await f.measures.create(form, municipalityID: f.city, today: today, by: .system, on: f.database)
        form.values["outcome_indicator_2"] = "indicators.population"
        try await f.measures.update(code: "m-1", form, basedOn: 1, municipalityID: f.city, today: today, by: .system, on: f.database)
        // The privacy module is no longer configured: its indicators are not declared.
        let withoutPrivacy = MeasureCommands(registry: try IndicatorRegistry(manifests: IndicatorsFixture.manifests.filter { $0.id != "privacy" }),
                                             audit: HashChainAuditLog())
        do {
            try await withoutPrivacy.restore(code: "m-1", version: 1, basedOn: 2, municipalityID: f.city, today: today, by: .system, on: f.database)
            XCTFail("restored a version with an undeclared indicator")
        } catch let error as IndicatorsError {
            XCTAssertEqual(error.field, "outcome_indicator_2")
        }
        let latest = try await versions(f)
        XCTAssertEqual(latest, 2, "nothing written")
        // Another municipality's 施策 of the same code is not found, and its versions are its own.
        do {
            try await f.measures.restore(code: "m-1", version: 1, basedOn: 2, municipalityID: try f.other.requireID(), today: today,
                                         by: .system, on: f.database)
            XCTFail("restored another municipality's 施策")
        } catch let error as IndicatorsError {
            XCTAssertEqual(error, .measureNotFound)
        }
    }

    private static func edit(_ measures: MeasureCommands, name: String, basedOn base: Int, city: UUID, today: CivilDate,
                             on database: any Database) async -> Result<Void, IndicatorsError> {
        var form = Self.form
        form.values["name"] = name
        do {
            try await measures.update(code: "m-1", form, basedOn: base, municipalityID: city, today: today, by: .system, on: database)
            return .success(())
        } catch let error as IndicatorsError {
            return .failure(error)
        } catch {
            return .failure(IndicatorsError(.invalidInput, ja: "\(error)", en: "\(error)"))
        }
    }

    private func versions(_ f: IndicatorsFixture) async throws -> Int {
        try await DefinitionVersion.query(on: f.database).max(\.$version) ?? 0
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
