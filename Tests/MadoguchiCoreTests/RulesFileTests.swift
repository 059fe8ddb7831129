import Foundation
import MadoguchiCore
import XCTest

/// The shared reader of rules-as-data files: lines for JSON paths, syntax errors with line and
/// column, and decoding errors on the line of the offending value.
final class RulesFileTests: XCTestCase {
    private struct Item: Decodable { let id: String; let count: Int }
    private struct Document: Decodable { let items: [Item] }

    private let text = """
    {
      "items": [
        {"id": "a", "count": 1},
        {"id": "b",
         "count": "two"}
      ]
    }
    """

    func testLinesForPathsFallBackToTheNearestWrittenAncestor() throws {
        let lines = try JSONLineMap(text: text)
        XCTAssertEqual(lines.line(for: ""), 1)
        XCTAssertEqual(lines.line(for: "items"), 2)
        XCTAssertEqual(lines.line(for: "items/0/count"), 3)
        XCTAssertEqual(lines.line(for: "items/1"), 4)
        XCTAssertEqual(lines.line(for: "items/1/count"), 5)
        XCTAssertEqual(lines.line(for: "items/1/unknown/deeper"), 4)
    }

    func testDecodingErrorIsAProblemOnTheLineOfTheValue() throws {
        let file = try RulesFile(name: "rules/x.json", data: Data(text.utf8))
        XCTAssertThrowsError(try file.decode(Document.self)) { error in
            XCTAssertEqual((error as? RulesFileProblem)?.description, #"rules/x.json:5: wrong type at "items/1/count": expected Int"#)
        }
        XCTAssertEqual(file.problem(at: "items/0", "checked").description, "rules/x.json:3: checked")
    }

    func testSyntaxErrorHasLineAndColumn() {
        XCTAssertThrowsError(try RulesFile(name: "x.json", data: Data("{\n  \"a\": tru\n}".utf8))) { error in
            XCTAssertEqual((error as? RulesFileProblem)?.description, "x.json:2: JSON syntax error at column 11: unknown literal 'tru'")
        }
    }
}
