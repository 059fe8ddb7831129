import XCTest
import MadoguchiCore
@testable import Counter

final class BirthScenarioTests: XCTestCase {
    func testBirthOnNationalHealthInsuranceWithoutDirectPayment() throws {
        let list = try checklist("birth", on: "2026-11-02", ["child_health_insurance_is_nhi": .bool(true),
                                                             "childbirth_paid_directly": .bool(false),
                                                             "claimant_is_public_servant": .bool(false)])
        XCTAssertEqual(list.ids, ["birth_registration", "nhi_enrolment", "child_allowance_certification", "infant_medical_subsidy",
                                  "childbirth_lump_sum", "birth_notification_card"])
        // 14 days counting the birth day: 11/2 + 13 = 11/15 (Sun) → Mon 11/16.
        XCTAssertEqual(list.item("birth_registration")?.deadline, date("2026-11-16"))
        XCTAssertEqual(list.item("child_allowance_certification")?.deadline, date("2026-11-17"))
        XCTAssertEqual(list.item("childbirth_lump_sum")?.deadline, date("2028-11-02"))
    }

    func testLumpSumAmountFollowsTheRuleOfTheBirthDate() throws {
        let facts: FactSet = ["child_health_insurance_is_nhi": .bool(true), "childbirth_paid_directly": .bool(false)]
        let now = try checklist("birth", on: "2026-11-02", facts).item("childbirth_lump_sum")
        XCTAssertTrue(now?.notes.contains { $0.hasPrefix("支給額は50万円") } ?? false)
        let before = try checklist("birth", on: "2023-03-15", facts, today: date("2023-03-20")).item("childbirth_lump_sum")
        XCTAssertTrue(before?.notes.contains { $0.contains("42万円") } ?? false)
        XCTAssertFalse(before?.notes.contains { $0.hasPrefix("支給額は50万円") } ?? true)
    }

    func testPublicServantOnEmployeeInsuranceNeedsOnlyTheCityBasics() throws {
        let list = try checklist("birth", on: "2026-11-02", ["child_health_insurance_is_nhi": .bool(false),
                                                             "claimant_is_public_servant": .bool(true)])
        XCTAssertEqual(list.ids, ["birth_registration", "infant_medical_subsidy", "birth_notification_card"])
    }

    func testUnknownEmploymentPutsChildAllowanceToCheck() throws {
        let list = try checklist("birth", on: "2026-11-02", ["child_health_insurance_is_nhi": .bool(false)])
        XCTAssertEqual(list.status("child_allowance_certification"), .toCheck)
    }
}

final class MovingScenarioTests: XCTestCase {
    func testMovingInWithCardChildrenAndCareCertification() throws {
        let list = try checklist("moving", on: "2026-11-16", [
            "move_type": .choice("move_in"), "has_my_number_card": .bool(true), "national_health_insurance": .bool(true),
            "has_children_under_18": .bool(true), "school_age_children": .bool(true), "care_insurance_certified": .bool(true)])
        XCTAssertEqual(list.ids, ["move_in_notification", "my_number_card_continuation", "nhi_enrolment",
                                  "child_allowance_certification", "care_certification_after_move", "school_transfer_in"])
        let bring = list.item("move_in_notification")?.itemsToBring.map(\.name) ?? []
        XCTAssertFalse(bring.contains("転出証明書"), "特例転入 with the card needs no 転出証明書")
        XCTAssertEqual(list.item("move_in_notification")?.deadline, date("2026-11-30"))
        XCTAssertEqual(list.counters.first?.counter.id, "shimin", "市民課 first")
    }

    func testMovingOutIsDueByTheMovingDayAndOffersOnlineFiling() throws {
        let list = try checklist("moving", on: "2026-12-05", ["move_type": .choice("move_out"), "national_health_insurance": .bool(true),
                                                              "has_children_under_18": .bool(false), "care_insurance_certified": .bool(false)])
        XCTAssertEqual(list.ids, ["move_out_notification", "nhi_loss"])
        let out = try XCTUnwrap(list.item("move_out_notification"))
        XCTAssertEqual(out.deadline, date("2026-12-05"), "before moving: not rolled forward")
        XCTAssertEqual(out.channel, .online)
        XCTAssertEqual(out.channels.first { $0.kind == .online }?.url, "https://myna.go.jp/")
    }

    func testMovingWithinTheCityWithoutCardOrChildren() throws {
        let list = try checklist("moving", on: "2026-11-20", ["move_type": .choice("move_within"), "has_my_number_card": .bool(false),
                                                              "has_children_under_18": .bool(false)])
        XCTAssertEqual(list.ids, ["move_within_notification"])
    }

    func testPlannedMoveMayBeInTheNearFutureButNotFar() throws {
        XCTAssertNoThrow(try checklist("moving", on: "2027-01-10", ["move_type": .choice("move_out")]))
        XCTAssertThrowsError(try checklist("moving", on: "2027-06-01", ["move_type": .choice("move_out")])) { error in
            XCTAssertEqual((error as? CounterError)?.field, "event_date")
        }
    }
}
