import XCTest
import MadoguchiCore
@testable import Counter

/// Scenarios from the counter: who died, what they had, and which procedures follow.
final class BereavementScenarioTests: XCTestCase {
    /// Everything known: an 82-year-old householder on an employees' pension, funeral held.
    private let elderlyHouseholder: FactSet = [
        "deceased_age": .number(82), "deceased_was_householder": .bool(true),
        "household_members_15_plus_remaining": .number(2), "deceased_national_health_insurance": .bool(false),
        "deceased_care_insurance_certified": .bool(true), "deceased_received_pension": .bool(true),
        "deceased_pension_type": .choice("employees"), "deceased_owned_real_estate_in_city": .bool(true),
        "deceased_had_seal_registration": .bool(true), "deceased_received_child_allowance": .bool(false),
        "funeral_held": .bool(true), "funeral_date": .date(date("2026-05-01")),
    ]

    func testElderlyHouseholderGetsEveryApplicableProcedureAsRequired() throws {
        let list = try checklist("death", on: "2026-04-27", elderlyHouseholder)
        XCTAssertEqual(list.ids, ["death_registration", "householder_change", "elderly_medical_loss", "elderly_funeral_expenses",
                                  "care_insurance_loss", "pension_death_report", "unpaid_pension_claim",
                                  "property_heir_representative", "seal_card_return"])
        XCTAssertTrue(list.toCheck.isEmpty)
        XCTAssertNil(list.item("nhi_loss"), "over 75 means 後期高齢者医療, never 国保")
    }

    func testDeadlinesAreComputedAndRolledPastGoldenWeek() throws {
        let list = try checklist("death", on: "2026-04-27", elderlyHouseholder)
        // 7 days counting the day of death ends on Sunday 5/3; 5/4–5/6 are holidays.
        XCTAssertEqual(list.item("death_registration")?.deadline, date("2026-05-07"))
        XCTAssertEqual(list.item("householder_change")?.deadline, date("2026-05-11"))
        XCTAssertEqual(list.item("pension_death_report")?.deadline, date("2026-05-07"))
        XCTAssertEqual(list.item("elderly_funeral_expenses")?.deadline, date("2028-05-01"), "two years from the funeral")
        XCTAssertEqual(list.procedures.first?.id, "death_registration", "ordered by deadline")
        XCTAssertNil(list.procedures.last?.deadline, "procedures without a deadline come last")
    }

    func testDeadlineRollsPastTheYearEndClosure() throws {
        let list = try checklist("death", on: "2026-12-23", ["deceased_age": .number(90)], today: date("2026-12-24"))
        XCTAssertEqual(list.item("death_registration")?.deadline, date("2027-01-04"), "12/29 is closed until 1/3")
    }

    func testDeathAbroadGivesThreeMonths() throws {
        let abroad = try checklist("death", on: "2026-10-01", ["died_abroad": .bool(true)])
        XCTAssertEqual(abroad.item("death_registration")?.deadline, date("2027-01-04"), "10/1 + 3 months − 1 day = 12/31, closed until 1/3")
        let unknown = try checklist("death", on: "2026-10-01", [:])
        XCTAssertEqual(unknown.item("death_registration")?.deadline, date("2026-10-07"), "unknown place: the stricter 7 days")
    }

    func testPensionCounterDependsOnThePensionType() throws {
        var facts = elderlyHouseholder
        XCTAssertEqual(try checklist("death", on: "2026-04-27", facts).item("pension_death_report")?.counter.id, "pension_office")
        facts["deceased_pension_type"] = .choice("national_only")
        let national = try checklist("death", on: "2026-04-27", facts).item("pension_death_report")
        XCTAssertEqual(national?.counter.id, "hoken_nenkin")
        XCTAssertEqual(national?.deadline, date("2026-05-11"), "国民年金: 14 days")
        facts["deceased_pension_type"] = .unknown
        let unknown = try checklist("death", on: "2026-04-27", facts).item("pension_death_report")
        XCTAssertEqual(unknown?.deadline, date("2026-05-07"), "unknown type shows the stricter deadline")
        XCTAssertNotNil(unknown?.counterNote)
    }

    func testDeceasedAgedExactly75IsInLateStageElderlyMedicalCare() throws {
        let facts: FactSet = ["deceased_birth_date": .date(date("1951-04-27")), "deceased_national_health_insurance": .bool(true),
                              "funeral_held": .bool(true)]
        let list = try checklist("death", on: "2026-04-27", facts)
        XCTAssertEqual(list.status("elderly_medical_loss"), .required)
        XCTAssertEqual(list.status("elderly_funeral_expenses"), .required)
        XCTAssertNil(list.item("nhi_loss"))
        XCTAssertNil(list.item("nhi_funeral_expenses"))
        XCTAssertEqual(list.status("care_insurance_loss"), .required)
    }

    func testDeceasedOneDayShortOf75IsStillOnNationalHealthInsurance() throws {
        let facts: FactSet = ["deceased_birth_date": .date(date("1951-04-28")), "deceased_national_health_insurance": .bool(true),
                              "funeral_held": .bool(true)]
        let list = try checklist("death", on: "2026-04-27", facts)
        XCTAssertEqual(list.status("nhi_loss"), .required)
        XCTAssertEqual(list.status("nhi_funeral_expenses"), .required)
        XCTAssertNil(list.item("elderly_medical_loss"))
    }

    func testHouseholderWithOneRemainingAdultNeedsNoHouseholderChange() throws {
        let one = try checklist("death", on: "2026-04-27", ["deceased_age": .number(70), "deceased_was_householder": .bool(true),
                                                            "household_members_15_plus_remaining": .number(1)])
        XCTAssertNil(one.item("householder_change"), "the one remaining adult becomes householder automatically")
        let unknown = try checklist("death", on: "2026-04-27", ["deceased_age": .number(70), "deceased_was_householder": .bool(true)])
        XCTAssertEqual(unknown.status("householder_change"), .toCheck)
        XCTAssertEqual(unknown.item("householder_change")?.unknownFacts.map(\.fact), ["household_members_15_plus_remaining"])
    }

    func testUnknownInsuranceIsListedToCheckWithTheQuestion() throws {
        let list = try checklist("death", on: "2026-04-27", ["deceased_age": .number(60),
                                                             "deceased_national_health_insurance": .unknown, "funeral_held": .bool(true)])
        let item = try XCTUnwrap(list.item("nhi_loss"))
        XCTAssertEqual(item.status, .toCheck)
        XCTAssertEqual(item.unknownFacts.map(\.fact), ["deceased_national_health_insurance"])
        XCTAssertTrue(item.reason.contains("国民健康保険に加入していましたか"), item.reason)
        XCTAssertEqual(list.status("nhi_funeral_expenses"), .toCheck)
        XCTAssertEqual(list.status("care_insurance_loss"), .toCheck, "aged 40–64: depends on the certification")
    }

    func testNothingKnownButTheDateStillListsEveryPossibleProcedure() throws {
        let list = try checklist("death", on: "2026-11-20", [:])
        XCTAssertEqual(list.status("death_registration"), .required)
        XCTAssertEqual(list.procedures.count, shippedCatalog.lifeEvents.first { $0.id == "death" }!.procedures.count,
                       "unknown never hides a procedure")
        XCTAssertEqual(list.required.count, 1)
    }

    func testUnderFortyWithoutInsuranceHasNoCareOrElderlyProcedures() throws {
        let list = try checklist("death", on: "2026-04-27", ["deceased_age": .number(35), "deceased_national_health_insurance": .bool(false),
                                                             "deceased_received_child_allowance": .bool(true)])
        XCTAssertNil(list.item("care_insurance_loss"))
        XCTAssertNil(list.item("elderly_medical_loss"))
        XCTAssertEqual(list.status("child_allowance_extinction"), .required)
        XCTAssertEqual(list.status("child_allowance_certification"), .required)
        XCTAssertEqual(list.item("child_allowance_certification")?.deadline, date("2026-05-12"), "15 days from the next day")
    }

    func testFuneralDateUnknownMakesTheDeadlineApproximate() throws {
        let list = try checklist("death", on: "2026-04-27", ["deceased_age": .number(80), "funeral_held": .bool(true)])
        let item = try XCTUnwrap(list.item("elderly_funeral_expenses"))
        XCTAssertTrue(item.deadlineApproximate)
        XCTAssertEqual(item.deadline, date("2028-04-27"))
    }

    func testItemsToBringFollowTheAnswers() throws {
        let certified = try checklist("death", on: "2026-04-27", ["deceased_age": .number(60), "deceased_care_insurance_certified": .bool(true)])
        let names = certified.item("care_insurance_loss")?.itemsToBring.map(\.name) ?? []
        XCTAssertTrue(names.contains { $0.contains("負担限度額") })
        let old = try checklist("death", on: "2026-04-27", ["deceased_age": .number(80)])
        let item = try XCTUnwrap(old.item("care_insurance_loss"))
        XCTAssertEqual(item.itemsToBring.first { $0.name.contains("負担限度額") }?.conditional, true)
    }
}
