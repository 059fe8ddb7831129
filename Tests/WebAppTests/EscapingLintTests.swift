import Foundation
import XCTest

/// Plot writes attribute values unescaped, so views must write attributes through `.attr(name, value)`
/// (Sources/WebApp/Views/EscapedAttributes.swift), the project's one escaping point. This test reads the
/// WebApp sources and names every call of a value-taking Plot attribute function, or of Plot's `.title()`
/// (which copies the text into unescaped `og:`/`twitter:` attributes), outside that file.
final class EscapingLintTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/WebApp")

    /// Plot's functions that put a caller's string into an attribute.
    static let forbidden = try! NSRegularExpression(pattern:
        #"(?<![\w\)\]\?!])\.(class|id|href|name|action|for|value|src|content|title|placeholder|alt|label|data|lang|ariaLabel|style|attribute)\((?!\s*\.)"#)

    func testViewsWriteAttributesOnlyThroughTheEscapingPoint() throws {
        var offences: [String] = []
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && $0.lastPathComponent != "EscapedAttributes.swift" }
        XCTAssertGreaterThan(files.count, 20)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard text.contains("import Plot") else { continue }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                for match in Self.forbidden.matches(in: code, range: NSRange(code.startIndex..., in: code)) {
                    let call = String(code[Range(match.range, in: code)!])
                    // `.label(` and `.title(` are also element names; Plot's elements take nodes, not strings.
                    if [".label(", ".data("].contains(call), !code[Range(match.range, in: code)!.upperBound...].hasPrefix("\"") { continue }
                    if call == ".attribute(", code.contains(".attribute(Attribute(") { continue }
                    offences.append("\(file.lastPathComponent):\(number + 1): \(call) — use .attr(\"…\", value)")
                }
            }
        }
        XCTAssertEqual(offences, [], "attributes written around the escaping point")
    }
}
