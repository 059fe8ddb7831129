import Forms
import Foundation
import MadoguchiCore
import XCTest

/// A broken form definition must be refused with the file and the line to fix (`file:line: problem`),
/// through the same loader as Counter's rule files; every problem is listed, not just the first.
final class MalformedFormFileTests: XCTestCase {
    /// A form whose fields start on line 4, one field a line.
    private func form(id: String = "x", fee: String = "0", fields: [String]) -> String {
        """
        {"id": "\(id)", "procedureID": "p", "title": {"ja": "x", "en": "x"}, "version": 1,
         "identityLevel": "none", "feeYen": \(fee),
         "steps": [{"id": "s", "title": {"ja": "s", "en": "s"}, "fields": [
        \(fields.joined(separator: ",\n"))
        ]}]}
        """
    }

    private func field(_ id: String, type: String = "text", extra: String = "") -> String {
        #"  {"id": "\#(id)", "type": "\#(type)", "label": {"ja": "\#(id)", "en": "\#(id)"}\#(extra)}"#
    }

    private func problems(_ files: [(String, String)], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try FormCatalog.load(files: files.map { ($0.0, Data($0.1.utf8)) })
            XCTFail("expected the form files to be refused", file: file, line: line)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    func testAWellFormedFileLoads() throws {
        let catalog = try FormCatalog.load(files: [("x.json", Data(form(fields: [field("a"), field("b")]).utf8))])
        XCTAssertEqual(catalog.form("x")?.fields.map(\.id), ["a", "b"])
    }

    func testSyntaxErrorNamesLineAndColumn() {
        let broken = form(fields: [field("a"), #"  {"id": "b" "type": "text"}"#])
        XCTAssertEqual(problems([("x.json", broken)]), ["x.json:5: JSON syntax error at column 14: expected '}'"])
    }

    func testWrongTypeIsReportedOnItsLine() {
        XCTAssertEqual(problems([("x.json", form(fee: #""free""#, fields: [field("a")]))]),
                       [#"x.json:2: wrong type at "feeYen": expected Int"#])
    }

    func testMissingKeyIsReportedOnTheLineOfItsObject() {
        let noLabel = #"  {"id": "b", "type": "text"}"#
        XCTAssertEqual(problems([("x.json", form(fields: [field("a"), noLabel]))]), [#"x.json:5: missing key "label""#])
    }

    func testUnknownFieldTypeNamesTheKnownTypes() throws {
        let found = problems([("x.json", form(fields: [field("a"), field("b"), field("sig", type: "signature")]))])
        XCTAssertEqual(found.count, 1, "\(found)")
        let problem = try XCTUnwrap(found.first)
        XCTAssertTrue(problem.hasPrefix(#"x.json:6: unknown field type "signature" (known: text, kana, date"#), problem)
        XCTAssertTrue(problem.contains("my_number, file)"), problem)
    }

    func testDuplicateFieldIDIsReportedOnTheSecondField() {
        XCTAssertEqual(problems([("x.json", form(fields: [field("a"), field("b"), field("a")]))]),
                       ["x.json:6: x.a: duplicate field id"])
    }

    func testFieldChecksNameFormFieldAndLine() {
        let fields = [field("a", extra: #", "showIf": {"field": "b", "equals": ["y"]}"#), field("b", type: "choice"),
                      field("doc", type: "file", extra: #", "maxBytes": 0"#)]
        XCTAssertEqual(problems([("x.json", form(fields: fields))]), [
            "x.json:4: x.a: showIf names b, which is not an earlier field",
            "x.json:5: x.b: a choice field needs choices",
            "x.json:6: x.doc: file size limit must be 1 byte–20 MB",
        ])
    }

    func testEveryFileIsCheckedAndADuplicateFormIDNamesTheSecondFile() {
        let found = problems([
            ("a.json", form(fields: [field("a")])),
            ("b.json", form(fields: [field("a", type: "colour")])),
            ("c.json", form(fields: [field("a")])),
        ])
        XCTAssertEqual(found.count, 2, "\(found)")
        XCTAssertTrue(found[0].hasPrefix(#"b.json:4: unknown field type "colour""#), "\(found)")
        XCTAssertEqual(found[1], "c.json:1: x: duplicate form id")
    }

    func testTheErrorListsEveryProblemForOperators() {
        XCTAssertThrowsError(try FormCatalog.load(files: [("x.json", Data(form(fields: [field("a"), field("a")]).utf8))])) { error in
            XCTAssertEqual(String(describing: error), "form files are invalid:\n  x.json:5: x.a: duplicate field id")
        }
    }
}
