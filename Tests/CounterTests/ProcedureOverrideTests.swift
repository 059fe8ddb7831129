import Counter
import Foundation
import XCTest

/// Inventory edits: a municipality's definition replaces the shipped one, validated with the whole set.
final class ProcedureOverrideTests: XCTestCase {
    func testEveryShippedProcedureRoundTripsThroughItsEditableJSON() throws {
        let shipped = try LifeEventCatalog.load()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        for procedure in shipped.procedures {
            let text = String(decoding: try encoder.encode(procedure), as: UTF8.self)
            let edited = try LifeEventCatalog.load(procedureOverrides: [procedure.id: text])
            // Equal as data (conditions also remember where they were read, which differs).
            let again = String(decoding: try encoder.encode(try XCTUnwrap(edited.procedure(procedure.id))), as: UTF8.self)
            XCTAssertEqual(again, text, procedure.id)
        }
    }

    func testAnEditReplacesTheShippedDefinition() throws {
        let shipped = try LifeEventCatalog.load()
        let original = try XCTUnwrap(shipped.procedure("seal_card_return"))
        let data = try JSONEncoder().encode(original)
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["name"] = "印鑑登録証の返却（本市）"
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let edited = try LifeEventCatalog.load(procedureOverrides: ["seal_card_return": text])
        XCTAssertEqual(edited.procedure("seal_card_return")?.name, "印鑑登録証の返却（本市）")
        XCTAssertEqual(edited.procedures.count, shipped.procedures.count)
    }

    func testBrokenEditsAreRefusedWithTheLine() throws {
        XCTAssertThrowsError(try LifeEventCatalog.load(procedureOverrides: ["seal_card_return": "{\n  \"id\": \"seal_card_return\",\n  oops\n}"])) { error in
            let problem = (error as? RuleLoadError)?.problems.first
            XCTAssertEqual(problem?.file, "overrides/seal_card_return.json")
            XCTAssertEqual(problem?.line, 3)
        }
        let shipped = try LifeEventCatalog.load()
        let data = try JSONEncoder().encode(try XCTUnwrap(shipped.procedure("seal_card_return")))
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["counter"] = "no_such_counter"
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        XCTAssertThrowsError(try LifeEventCatalog.load(procedureOverrides: ["seal_card_return": text])) { error in
            XCTAssertTrue((error as? RuleLoadError)?.description.contains("no_such_counter") ?? false, "\(error)")
        }
        object["counter"] = "shimin"
        object["id"] = "something_else"
        let renamed = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        XCTAssertThrowsError(try LifeEventCatalog.load(procedureOverrides: ["seal_card_return": renamed]))
    }
}
