import XCTest
import Foundation
@testable import Counter

/// Broken rule files must stop start-up with the file and line to fix.
final class MalformedRuleTests: XCTestCase {
    private let counters = """
    {"counters": [{"id": "desk", "name": "市民課", "department": "市民部", "location": "1階",
                   "visitOrder": 1, "external": false}]}
    """

    private let procedures = """
    {"procedures": [
      {"id": "p1", "name": "届", "category": "test", "counter": "desk", "legalBasis": "法",
       "applicants": {"who": "本人", "proxy": "可"}, "channels": [{"kind": "counter"}],
       "source": {"title": "test"}, "lastVerified": "2026-01-01"}
    ]}
    """

    private func event(questions: String, procedures: String = #"[{"procedure": "p1", "reason": {"ja": "r", "en": "r"}}]"#,
                       derived: String = "[]") -> String {
        """
        {
          "id": "e",
          "name": {"ja": "テスト", "en": "test"},
          "eventDate": {"label": {"ja": "日", "en": "day"}, "maxDaysAhead": 0, "maxDaysBack": 100},
          "questions": \(questions),
          "derivedFacts": \(derived),
          "procedures": \(procedures)
        }
        """
    }

    private func question(_ id: String, showIf: String? = nil, type: String = "boolean") -> String {
        let condition = showIf.map { #", "showIf": \#($0)"# } ?? ""
        return #"{"id": "\#(id)", "type": "\#(type)", "text": {"ja": "\#(id)?", "en": "\#(id)?"}, "field": {"ja": "\#(id)", "en": "\#(id)"}\#(condition)}"#
    }

    private func load(event text: String, procedures: String? = nil) throws -> LifeEventCatalog {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("counter-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("procedures"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("life-events"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try counters.write(to: dir.appendingPathComponent("counters.json"), atomically: true, encoding: .utf8)
        try (procedures ?? self.procedures).write(to: dir.appendingPathComponent("procedures/p.json"), atomically: true, encoding: .utf8)
        try text.write(to: dir.appendingPathComponent("life-events/e.json"), atomically: true, encoding: .utf8)
        return try LifeEventCatalog.load(from: dir)
    }

    private func problems(event text: String, procedures: String? = nil, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try load(event: text, procedures: procedures)
            XCTFail("expected the rules to be rejected", file: file, line: line)
            return []
        } catch let error as RuleLoadError {
            return error.problems.map(\.description)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return []
        }
    }

    func testAValidMinimalRuleSetLoads() throws {
        XCTAssertNoThrow(try load(event: event(questions: "[\(question("a"))]")))
    }

    func testSyntaxErrorNamesFileLineAndColumn() {
        let broken = event(questions: "[\(question("a"))]").replacingOccurrences(of: #""id": "e","#, with: #""id": "e""#)
        XCTAssertEqual(problems(event: broken), ["life-events/e.json:3: JSON syntax error at column 3: expected '}'"])
    }

    func testUnknownProcedureIDPointsAtTheEntry() {
        let text = event(questions: "[\(question("a"))]", procedures: #"[{"procedure": "nope", "reason": {"ja": "r", "en": "r"}}]"#)
        XCTAssertEqual(problems(event: text), [#"life-events/e.json:7: life event "e": unknown procedure id "nope""#])
    }

    func testUnknownFactIDInAConditionPointsAtItsLine() {
        let entries = """
        [
            {"procedure": "p1",
             "when": {"all": [
               {"fact": "a", "equals": true},
               {"fact": "typo", "equals": true}]},
             "reason": {"ja": "r", "en": "r"}}
          ]
        """
        XCTAssertEqual(problems(event: event(questions: "[\(question("a"))]", procedures: entries)),
                       [#"life-events/e.json:11: unknown fact id "typo""#])
    }

    func testQuestionDependingOnALaterQuestionIsUnreachable() {
        let questions = "[\n\(question("a", showIf: #"{"fact": "b", "equals": true}"#)),\n\(question("b"))]"
        let found = problems(event: event(questions: questions))
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("life-events/e.json:6: question \"a\" is unreachable in order"), found[0])
    }

    func testQuestionDependingOnItselfIsACycle() {
        let found = problems(event: event(questions: "[\(question("a", showIf: #"{"fact": "a", "equals": true}"#))]"))
        XCTAssertTrue(found.contains { $0.contains("depends on itself (cycle)") }, "\(found)")
    }

    func testShowConditionThatCanNeverBeTrueIsUnreachable() {
        let never = #"{"all": [{"fact": "a", "equals": true}, {"fact": "a", "equals": false}]}"#
        let found = problems(event: event(questions: "[\n\(question("a")),\n\(question("b", showIf: never))]"))
        XCTAssertEqual(found, [#"life-events/e.json:7: question "b" is unreachable: its show-condition can never be true"#])
    }

    func testCycleAmongDerivedFactsIsReported() {
        let derived = """
        [{"id": "x", "rule": "wholeYears", "from": "y", "to": "event_date", "description": {"ja": "x", "en": "x"}},
           {"id": "y", "rule": "wholeYears", "from": "x", "to": "event_date", "description": {"ja": "y", "en": "y"}}]
        """
        let found = problems(event: event(questions: "[\(question("a"))]", derived: derived))
        XCTAssertEqual(found, ["life-events/e.json:6: derived facts form a cycle: x → y → x"])
    }

    func testMissingKeyAndUnknownCounterInAProcedureFile() {
        let noName = procedures.replacingOccurrences(of: #""name": "届", "#, with: "")
        XCTAssertEqual(problems(event: event(questions: "[]"), procedures: noName),
                       [#"procedures/p.json:2: missing key "name""#,
                        #"life-events/e.json:7: life event "e": unknown procedure id "p1""#])
        let badCounter = procedures.replacingOccurrences(of: #""counter": "desk""#, with: #""counter": "nowhere""#)
        XCTAssertEqual(problems(event: event(questions: "[]"), procedures: badCounter),
                       [#"procedures/p.json:2: procedure "p1": unknown counter "nowhere""#])
    }

    func testComparingABooleanWithANumberIsRejected() {
        let entries = #"[{"procedure": "p1", "when": {"fact": "a", "atLeast": 3}, "reason": {"ja": "r", "en": "r"}}]"#
        XCTAssertEqual(problems(event: event(questions: "[\(question("a"))]", procedures: entries)),
                       [#"life-events/e.json:7: fact "a" is a boolean, not a number"#])
    }

    func testConditionReadingAFollowUpMustAlsoReadItsGate() {
        let questions = "[\n\(question("a")),\n\(question("b", showIf: #"{"fact": "a", "equals": true}"#))]"
        let entries = #"[{"procedure": "p1", "when": {"fact": "b", "equals": true}, "reason": {"ja": "r", "en": "r"}}]"#
        let found = problems(event: event(questions: questions, procedures: entries))
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].contains(#"include "a" in the condition"#), "\(found)")
    }
}
