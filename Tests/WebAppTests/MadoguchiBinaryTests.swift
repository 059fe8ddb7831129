import Foundation
import XCTest

/// When a test that runs the command line skips and when it fails (`MadoguchiBinary.require`).
final class MadoguchiBinaryTests: XCTestCase {
    func testAMissingBinarySkipsUnlessCIOrTheSettingRequiresIt() throws {
        let absent = FileManager.default.temporaryDirectory.appendingPathComponent("no-madoguchi-\(UUID().uuidString)")
        XCTAssertThrowsError(try MadoguchiBinary.require(absent, environment: [:])) { XCTAssertTrue($0 is XCTSkip, "\($0)") }
        XCTAssertThrowsError(try MadoguchiBinary.require(absent, environment: ["CI": "false"])) { XCTAssertTrue($0 is XCTSkip, "\($0)") }
        for environment in [["CI": "true"], ["CI": "1"], ["MADOGUCHI_REQUIRE_BINARY": "1"], ["CI": "false", "MADOGUCHI_REQUIRE_BINARY": "yes"]] {
            XCTAssertThrowsError(try MadoguchiBinary.require(absent, environment: environment)) {
                XCTAssertEqual(($0 as? MadoguchiBinary.Missing)?.path, absent.path, "\(environment): \($0)")
            }
        }
        // The real one, beside this bundle when `swift test` built it.
        if FileManager.default.isExecutableFile(atPath: MadoguchiBinary.expected.path) {
            XCTAssertEqual(try MadoguchiBinary.require(environment: ["CI": "true"]), MadoguchiBinary.expected)
        }
    }
}
