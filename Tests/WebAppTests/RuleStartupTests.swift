import Foundation
import XCTest

/// Malformed rule files stop the server at start-up with `file:line: problem` (the real binary).
final class RuleStartupTests: XCTestCase {
    static let shippedRules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Counter/Rules")

    func testABrokenRulesFolderStopsStartupNamingFileAndLine() throws {
        let binary = try MadoguchiBinary.require()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-rules-\(UUID().uuidString)")
        let rules = folder.appendingPathComponent("rules")
        try FileManager.default.copyItem(at: Self.shippedRules, to: rules)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["MADOGUCHI_DATA_DIR"] = folder.path
        environment["DATABASE_URL"] = folder.appendingPathComponent("rules.sqlite").path
        environment["MADOGUCHI_FIELD_KEYS"] = TestApp.fieldKeys
        environment["MADOGUCHI_RULES_DIR"] = rules.path

        let (okStatus, okOutput) = try AuditLogTests.run(binary, ["migrate"], environment: environment)
        XCTAssertEqual(okStatus, 0, "an unchanged copy of the shipped rules loads: \(okOutput)")

        // A question whose show-condition names a fact no question or derived fact sets.
        let death = rules.appendingPathComponent("life-events/death.json")
        var text = try String(contentsOf: death, encoding: .utf8)
        text = text.replacingOccurrences(of: #""fact": "deceased_was_householder""#, with: #""fact": "deceased_was_head""#)
        try text.write(to: death, atomically: true, encoding: .utf8)
        let (status, output) = try AuditLogTests.run(binary, ["migrate"], environment: environment)
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(output.contains("life-events/death.json:"), output)
        XCTAssertTrue(output.contains("deceased_was_head"), output)
    }
}
