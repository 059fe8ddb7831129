import XCTest
import Foundation
import MadoguchiCore
@testable import Counter

final class AnswerValidationTests: XCTestCase {
    private func error(_ event: String, on day: String, _ facts: FactSet) -> CounterError? {
        do { _ = try checklist(event, on: day, facts); return nil } catch { return error as? CounterError }
    }

    func testDeathBeforeBirthNamesTheBirthDateField() throws {
        let e = try XCTUnwrap(error("death", on: "2026-04-27", ["deceased_birth_date": .date(date("2026-05-01"))]))
        XCTAssertEqual(e.field, "facts.deceased_birth_date")
        XCTAssertEqual(e.kind, .invalidInput)
        XCTAssertTrue(e.message.ja.contains("「亡くなった方の生年月日」"), e.message.ja)
        XCTAssertTrue(e.message.ja.contains("亡くなった日"), e.message.ja)
    }

    func testNegativeCountIsRejected() throws {
        let e = try XCTUnwrap(error("death", on: "2026-04-27", ["household_members_15_plus_remaining": .number(-1)]))
        XCTAssertEqual(e.field, "facts.household_members_15_plus_remaining")
        XCTAssertEqual(e.message.ja, "「世帯に残る15歳以上の人数」に負の数は入力できません。")
    }

    func testFractionalCountIsRejected() throws {
        let e = try XCTUnwrap(error("death", on: "2026-04-27", ["household_members_15_plus_remaining": .number(1.5)]))
        XCTAssertEqual(e.message.ja, "「世帯に残る15歳以上の人数」は整数で入力してください。")
    }

    func testDeathInTheFutureIsRejected() throws {
        let e = try XCTUnwrap(error("death", on: "2030-01-01", [:]))
        XCTAssertEqual(e.field, "event_date")
        XCTAssertEqual(e.message.ja, "「亡くなった日」に未来の日付は入力できません。")
    }

    func testAgeThatContradictsTheBirthDateIsRejected() throws {
        let e = try XCTUnwrap(error("death", on: "2026-04-27", ["deceased_birth_date": .date(date("1950-01-01")), "deceased_age": .number(60)]))
        XCTAssertEqual(e.field, "facts.deceased_age")
        XCTAssertTrue(e.message.ja.contains("76"), e.message.ja)
    }

    func testUnknownFactIdAndWrongTypeAreBothReported() throws {
        let e = try XCTUnwrap(error("death", on: "2026-04-27", ["deceased_was_householder": .choice("maybe"), "colour": .bool(true)]))
        XCTAssertEqual(e.problems.map(\.field), ["facts.colour", "facts.deceased_was_householder"])
        XCTAssertTrue(e.message.ja.hasPrefix("入力内容に2件の誤りがあります。"))
    }

    func testUnknownLifeEventIsNotFound() throws {
        let e = try XCTUnwrap(error("wedding", on: "2026-04-27", [:]))
        XCTAssertEqual(e.kind, .notFound)
    }

    func testAgeAbove130IsRejected() throws {
        let e = try XCTUnwrap(error("death", on: "2026-04-27", ["deceased_age": .number(140)]))
        XCTAssertEqual(e.message.ja, "「亡くなった方の年齢」は130以下で入力してください。")
    }
}

final class FactValueTests: XCTestCase {
    func testParsesTheAPIShapes() throws {
        let json = #"{"a": true, "b": "unknown", "c": 3, "d": "1950-04-01", "e": "national_only", "f": null}"#
        let facts = try JSONDecoder().decode(FactSet.self, from: Data(json.utf8))
        XCTAssertEqual(facts["a"], .bool(true))
        XCTAssertEqual(facts["b"], .unknown)
        XCTAssertEqual(facts["c"], .number(3))
        XCTAssertEqual(facts["d"], .date(date("1950-04-01")))
        XCTAssertEqual(facts["e"], .choice("national_only"))
        XCTAssertEqual(facts["f"], .unknown)
        XCTAssertEqual(facts["never_given"], .unknown)
    }

    func testKleeneLogic() {
        XCTAssertEqual(Truth.no && .unknown, .no)
        XCTAssertEqual(Truth.yes && .unknown, .unknown)
        XCTAssertEqual(Truth.yes || .unknown, .yes)
        XCTAssertEqual(Truth.no || .unknown, .unknown)
        XCTAssertEqual(!Truth.unknown, .unknown)
    }
}

final class AssistedCounterInputTests: XCTestCase {
    func testBasicFourItemsRejectEmptyNameAndFutureBirthDate() {
        let items = BasicFourItems(name: " ", address: "国立市富士見台", birthDate: date("2030-01-01"), sex: "男")
        XCTAssertThrowsError(try items.validate(today: fixedToday)) { error in
            XCTAssertEqual((error as? CounterError)?.problems.map(\.field), ["name", "birth_date"])
        }
    }

    func testEventDateScreenIsValidatedOnItsOwn() throws {
        let birth = try shippedCatalog.lifeEvent("birth")
        XCTAssertNoThrow(try AnswerValidator.validateEventDate(date("2026-11-20"), for: birth, today: fixedToday))
        XCTAssertThrowsError(try AnswerValidator.validateEventDate(date("2026-11-23"), for: birth, today: fixedToday)) { error in
            XCTAssertEqual((error as? CounterError)?.message.ja, "「生まれた日」に未来の日付は入力できません。")
        }
    }
}
