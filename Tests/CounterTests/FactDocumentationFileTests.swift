import Counter
import Foundation
import XCTest

/// `docs/API-LIFE-EVENTS.md` lists every fact id of every life event; this keeps it in step with the
/// rule files. Regenerate with `MADOGUCHI_WRITE_DOCS=1 swift test --filter FactDocumentationFileTests`.
final class FactDocumentationFileTests: XCTestCase {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/API-LIFE-EVENTS.md")
    static let begin = "<!-- facts:begin (generated from the rule files) -->\n"
    static let end = "<!-- facts:end -->"

    func testTheAPIDocumentListsEveryFactID() throws {
        let generated = FactDocumentation.markdown(in: try LifeEventCatalog.load())
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        let start = try XCTUnwrap(text.range(of: Self.begin)), stop = try XCTUnwrap(text.range(of: Self.end))
        let current = String(text[start.upperBound..<stop.lowerBound])
        if current != generated, ProcessInfo.processInfo.environment["MADOGUCHI_WRITE_DOCS"] == "1" {
            try (String(text[..<start.upperBound]) + generated + String(text[stop.lowerBound...])).write(to: Self.file, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(current, generated, "docs/API-LIFE-EVENTS.md is out of date with the rule files")
    }
}
