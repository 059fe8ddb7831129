import Audit
import FluentKit
import Foundation
import Indicators
import MadoguchiCore
import MadoguchiTestSupport
import XCTest

/// Values staff enter: validated field by field (a refusal names the field and changes nothing),
/// audited in the same transaction, and reversible; on the engine of `DATABASE_URL`.
final class IndicatorValueEntryTests: XCTestCase {
    let today = CivilDate(iso: "2026-12-06")!

    private func value(_ f: IndicatorsFixture, _ id: String, _ year: Int, _ series: IndicatorSeries, scope: String = "") async throws -> Double? {
        try await IndicatorValue.query(on: f.database).filter(\.$municipalityID == f.city).filter(\.$indicatorID == id)
            .filter(\.$scope == scope).filter(\.$fiscalYear == year).filter(\.$series == series.rawValue).first()?.value
    }

    func testEntriesAreStoredAuditedAndRevertible() async throws {
        let f = try await makeIndicatorsFixture()
        let db = f.database
        let staff = Actor.staff(UUID())
        let first = try await f.entry.set(IndicatorValueInput(indicator: "indicators.population", fiscalYear: "R3", series: "actual", value: "75,054"),
                                          municipalityID: f.city, today: today, by: staff, on: db)
        XCTAssertEqual(first.fiscalYear, 2021)
        XCTAssertNil(first.previousValue)
        XCTAssertEqual(first.newValue, 75054)
        let second = try await f.entry.set(IndicatorValueInput(indicator: "indicators.population", fiscalYear: "令和３年度", series: "actual", value: "７５，４６６"),
                                           municipalityID: f.city, today: today, by: staff, on: db)
        XCTAssertEqual(second.previousValue, 75054)
        XCTAssertEqual(second.newValue, 75466)
        let stored = try await value(f, "indicators.population", 2021, .actual)
        XCTAssertEqual(stored, 75466)

        // Other spellings of years and values; per-measure values need the measure.
        try await f.entry.set(IndicatorValueInput(indicator: "indicators.survey_privacy_protected", fiscalYear: "2027年度", series: "target", value: "46.3%"),
                              municipalityID: f.city, today: today, by: staff, on: db)
        try await f.entry.set(IndicatorValueInput(indicator: "indicators.survey_privacy_protected", fiscalYear: "平成元年度", series: "actual", value: "0"),
                              municipalityID: f.city, today: today, by: staff, on: db)
        _ = try await f.measures.save(.init(code: "joho", policyName: "自治体経営", name: "情報の積極的な発信と共有・保護", leadDepartment: "情報管理課",
                                            relatedDepartments: "市長室", author: "記入者"),
                                      content: MeasureContent(targetGroups: ["市民"], intent: "", targetIndicators: [], outcomeIndicators: [],
                                                              directions: [], columns: [2016, 2017]),
                                      municipalityID: f.city, by: staff, on: db)
        try await f.entry.set(IndicatorValueInput(indicator: "indicators.cost_general", scope: "joho", fiscalYear: "H28", series: "actual", value: "21475"),
                              municipalityID: f.city, today: today, by: staff, on: db)
        let cost = try await value(f, "indicators.cost_general", 2016, .actual, scope: "joho")
        XCTAssertEqual(cost, 21475)
        let target = try await value(f, "indicators.survey_privacy_protected", 2027, .target)
        XCTAssertEqual(target, 46.3)

        // Every change is in the audit log, in order, without personal data.
        let entries = try await AuditEntry.query(on: db).filter(\.$action ~~ ["indicators.value.set", "indicators.value.revert"]).sort(\.$sequence).all()
        XCTAssertEqual(entries.count, 5)
        XCTAssertTrue(entries.allSatisfy { $0.actor == staff.reference })
        XCTAssertTrue(entries[1].details.contains("75054") && entries[1].details.contains("75466"), entries[1].details)
        let verification = try await AuditVerifier().verify(on: db)
        guard case .intact = verification else { return XCTFail("\(verification)") }

        // Reverting puts back the value a change replaced, as a change of its own.
        let reverted = try await f.entry.revert(changeID: second.id!, municipalityID: f.city, by: staff, on: db)
        XCTAssertEqual(reverted.reverts, second.id)
        XCTAssertEqual(reverted.newValue, 75054)
        let afterRevert = try await value(f, "indicators.population", 2021, .actual)
        XCTAssertEqual(afterRevert, 75054)
        // Reverting the first change removes the value; reverting it again finds it changed since.
        try await f.entry.revert(changeID: first.id!, municipalityID: f.city, by: staff, on: db)
        let removed = try await value(f, "indicators.population", 2021, .actual)
        XCTAssertNil(removed)
        await assertThrows(IndicatorsError.changedSince) { try await f.entry.revert(changeID: second.id!, municipalityID: f.city, by: staff, on: db) }
        // Another municipality cannot see or revert the change.
        await assertThrows(IndicatorsError.changeNotFound) { try await f.entry.revert(changeID: first.id!, municipalityID: f.other.id!, by: staff, on: db) }
        let audited = try await AuditEntry.query(on: db).filter(\.$action == "indicators.value.revert").count()
        XCTAssertEqual(audited, 2)
    }

    func testAWrongValueIsRefusedWithItsFieldNamedAndNothingChanges() async throws {
        let f = try await makeIndicatorsFixture()
        let db = f.database
        try await f.entry.set(IndicatorValueInput(indicator: "indicators.survey_information_disclosed", fiscalYear: "2021", series: "actual", value: "27.8"),
                              municipalityID: f.city, today: today, by: .system, on: db)
        let long = String(repeating: "9", count: 10_000)
        let cases: [(IndicatorValueInput, String)] = [
            (.init(indicator: "nope", fiscalYear: "2021", series: "actual", value: "1"), "indicator"),
            (.init(indicator: long, fiscalYear: "2021", series: "actual", value: "1"), "indicator"),
            (.init(indicator: "indicators.cost_general", fiscalYear: "2021", series: "actual", value: "1"), "scope"),
            (.init(indicator: "indicators.cost_general", scope: "'; DROP TABLE x; --", fiscalYear: "2021", series: "actual", value: "1"), "scope"),
            (.init(indicator: "indicators.population", scope: "joho", fiscalYear: "2021", series: "actual", value: "1"), "scope"),
            (.init(indicator: "indicators.population", fiscalYear: "abc", series: "actual", value: "1"), "fiscal_year"),
            (.init(indicator: "indicators.population", fiscalYear: "1988", series: "actual", value: "1"), "fiscal_year"),
            (.init(indicator: "indicators.population", fiscalYear: "R99", series: "target", value: "1"), "fiscal_year"),
            (.init(indicator: "indicators.population", fiscalYear: "R0", series: "target", value: "1"), "fiscal_year"),
            (.init(indicator: "indicators.population", fiscalYear: String(Int.max), series: "target", value: "1"), "fiscal_year"),
            (.init(indicator: "indicators.population", fiscalYear: "2027", series: "actual", value: "1"), "fiscal_year"),
            (.init(indicator: "indicators.population", fiscalYear: "2021", series: "median", value: "1"), "series"),
            (.init(indicator: "indicators.survey_information_disclosed", fiscalYear: "2021", series: "actual", value: "100.1"), "value"),
            (.init(indicator: "indicators.survey_information_disclosed", fiscalYear: "2021", series: "actual", value: "-1"), "value"),
            (.init(indicator: "indicators.survey_information_disclosed", fiscalYear: "2021", series: "actual", value: "21.55"), "value"),
            (.init(indicator: "indicators.survey_information_disclosed", fiscalYear: "2021", series: "actual", value: "1e1"), "value"),
            (.init(indicator: "indicators.survey_information_disclosed", fiscalYear: "2021", series: "actual", value: "NaN"), "value"),
            (.init(indicator: "indicators.population", fiscalYear: "2021", series: "actual", value: "75054.5"), "value"),
            (.init(indicator: "indicators.population", fiscalYear: "2021", series: "actual", value: String(Int.max)), "value"),
            (.init(indicator: "indicators.population", fiscalYear: "2021", series: "actual", value: String(Int.min)), "value"),
            (.init(indicator: "indicators.population", fiscalYear: "2021", series: "actual", value: "<script>alert(1)</script>"), "value"),
            (.init(indicator: "indicators.population", fiscalYear: "2021", series: "actual", value: long), "value"),
        ]
        for (input, field) in cases {
            do {
                try await f.entry.set(input, municipalityID: f.city, today: today, by: .system, on: db)
                XCTFail("accepted \(input)")
            } catch let error as IndicatorsError {
                XCTAssertEqual(error.field, field, "\(input.indicator.prefix(40)) \(input.fiscalYear.prefix(30)) \(input.value.prefix(30))")
                XCTAssertEqual(error.kind, .invalidInput)
                XCTAssertFalse(error.message.ja.isEmpty)
            }
        }
        let values = try await IndicatorValue.query(on: db).all()
        XCTAssertEqual(values.map(\.value), [27.8], "nothing else was written")
        let changes = try await IndicatorValueChange.query(on: db).count()
        XCTAssertEqual(changes, 1)
        let audited = try await AuditEntry.query(on: db).filter(\.$action == "indicators.value.set").count()
        XCTAssertEqual(audited, 1)
    }

    private func assertThrows(_ expected: IndicatorsError, file: StaticString = #filePath, line: UInt = #line,
                              _ body: () async throws -> Void) async {
        do {
            try await body()
            XCTFail("no error", file: file, line: line)
        } catch let error as IndicatorsError {
            XCTAssertEqual(error, expected, file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }
}
