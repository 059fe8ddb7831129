import XCTest
import MadoguchiCore
@testable import Counter

/// The one-question-per-screen flow, including the back button.
final class NavigatorTests: XCTestCase {
    private let death = try! shippedCatalog.lifeEvent("death")
    private lazy var navigator = Navigator(event: death, eventDate: date("2026-04-27"))

    func testAsksTheAgeOnlyWhenTheBirthDateIsUnknown() {
        var answers = FactSet()
        XCTAssertEqual(navigator.nextQuestion(after: answers)?.id, "deceased_birth_date")
        answers["deceased_birth_date"] = .date(date("1940-01-01"))
        XCTAssertEqual(navigator.nextQuestion(after: answers)?.id, "deceased_was_householder")
        answers["deceased_birth_date"] = .unknown
        XCTAssertEqual(navigator.nextQuestion(after: answers)?.id, "deceased_age")
    }

    func testSkipsNationalHealthInsuranceForThoseOver75AndCareCertificationOutside40To64() {
        let answers: FactSet = ["deceased_birth_date": .date(date("1940-01-01")), "deceased_was_householder": .bool(false)]
        let ids = navigator.visibleQuestions(answers: answers).map(\.id)
        XCTAssertFalse(ids.contains("deceased_national_health_insurance"))
        XCTAssertFalse(ids.contains("deceased_care_insurance_certified"))
        XCTAssertFalse(ids.contains("household_members_15_plus_remaining"))
        XCTAssertEqual(navigator.nextQuestion(after: answers)?.id, "deceased_received_pension")
    }

    func testBackButtonKeepsAnswersAndChangedAnswersDropStaleFollowUps() {
        var answers: FactSet = ["deceased_birth_date": .date(date("1940-01-01")), "deceased_was_householder": .bool(true),
                                "household_members_15_plus_remaining": .number(3)]
        XCTAssertEqual(navigator.previousQuestion(before: "deceased_received_pension", answers: answers)?.id,
                       "household_members_15_plus_remaining")
        XCTAssertEqual(navigator.previousQuestion(before: "deceased_was_householder", answers: answers)?.id, "deceased_birth_date")
        XCTAssertNil(navigator.previousQuestion(before: "deceased_birth_date", answers: answers))
        answers["deceased_was_householder"] = .bool(false)
        XCTAssertFalse(navigator.effectiveAnswers(answers).isAnswered("household_members_15_plus_remaining"))
        XCTAssertTrue(answers.isAnswered("household_members_15_plus_remaining"), "the raw answer is kept if they change back")
    }

    func testAnsweringUnknownMovesOnAndTheFlowEnds() throws {
        var answers = FactSet()
        var screens = 0
        while let q = navigator.nextQuestion(after: answers) {
            answers[q.id] = .unknown
            screens += 1
            XCTAssertLessThan(screens, 30)
        }
        XCTAssertEqual(screens, death.questions.count, "an unknown gate shows its follow-up: the resident may still know it")
        XCTAssertEqual(navigator.progress(answers: answers).answered, navigator.progress(answers: answers).total)
    }

    func testParsesFormInputAndRejectsImpossibleAnswers() throws {
        let householder = try XCTUnwrap(death.question("deceased_was_householder"))
        XCTAssertEqual(try navigator.parseAnswer("はい", for: householder, today: fixedToday), .bool(true))
        XCTAssertEqual(try navigator.parseAnswer("unknown", for: householder, today: fixedToday), .unknown)
        let count = try XCTUnwrap(death.question("household_members_15_plus_remaining"))
        XCTAssertEqual(try navigator.parseAnswer("２", for: count, today: fixedToday), .number(2))
        XCTAssertThrowsError(try navigator.parseAnswer("-1", for: count, today: fixedToday)) { error in
            XCTAssertEqual((error as? CounterError)?.field, "household_members_15_plus_remaining")
        }
        let birth = try XCTUnwrap(death.question("deceased_birth_date"))
        XCTAssertEqual(try navigator.parseAnswer("昭和15年1月1日", for: birth, today: fixedToday), .date(date("1940-01-01")))
        XCTAssertThrowsError(try navigator.parseAnswer("2026-05-01", for: birth, today: fixedToday))
    }

    func testMoveTypeMustBeAnsweredAndShapesTheFollowUps() throws {
        let moving = try shippedCatalog.lifeEvent("moving")
        let navigator = Navigator(event: moving, eventDate: date("2026-11-20"))
        let moveType = try XCTUnwrap(moving.question("move_type"))
        XCTAssertThrowsError(try navigator.parseAnswer("わからない", for: moveType, today: fixedToday)) { error in
            XCTAssertEqual((error as? CounterError)?.message.ja, "「引越しの種類」を入力してください。")
        }
        XCTAssertThrowsError(try navigator.parseAnswer("move_to_mars", for: moveType, today: fixedToday))
        let within: FactSet = ["move_type": try navigator.parseAnswer("move_within", for: moveType, today: fixedToday)]
        XCTAssertEqual(navigator.visibleQuestions(answers: within).map(\.id), ["move_type", "has_my_number_card", "has_children_under_18"])
    }
}
