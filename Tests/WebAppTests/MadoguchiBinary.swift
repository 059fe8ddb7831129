import Foundation
import XCTest

/// The built `madoguchi` executable, for the tests that run the command line. `swift test` builds
/// every product beside the test bundle; a bundle run away from it (on its own, or from another
/// build folder) has none, and those tests skip, saying why. Where a missing binary must not pass
/// unseen, with `CI=true` (or `1`) or `MADOGUCHI_REQUIRE_BINARY` set (`.ci/run` sets it), it is a failure.
enum MadoguchiBinary {
    /// Why a test that needs the binary failed instead of skipping.
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "madoguchi binary not built at \(path), and CI or MADOGUCHI_REQUIRE_BINARY requires it" }
    }

    static var expected: URL { AuditLogTests.productsDirectory.appendingPathComponent("madoguchi") }

    /// The executable at `url`; throws `XCTSkip` when there is none, or `Missing` when the
    /// environment requires it.
    static func require(_ url: URL = expected, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        if ["true", "1"].contains(environment["CI"]?.lowercased()) || !(environment["MADOGUCHI_REQUIRE_BINARY"] ?? "").isEmpty {
            throw Missing(path: url.path)
        }
        throw XCTSkip("madoguchi binary not built at \(url.path) (the test bundle runs away from it; `swift build` first, "
                      + "or set MADOGUCHI_REQUIRE_BINARY=1 to make this a failure)")
    }
}
