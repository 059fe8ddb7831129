import Foundation
import XCTest

/// The Python test peers (selenium/axe/vnu, ckanapi, rdflib): whether they are installed, and running
/// a script from the repository while the server under test answers it.
enum PythonPeer {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Skips the test when `modules` cannot be imported (or `extra` is false), unless
    /// `MADOGUCHI_REQUIRE_BROWSER=1` (as in CI), where that is a failure naming `missing`.
    static func require(modules: String, extra: Bool = true, missing: String) throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import \(modules)"]
        probe.standardError = FileHandle.nullDevice
        let available = extra && (try? probe.run()) != nil && { probe.waitUntilExit(); return probe.terminationStatus == 0 }()
        if !available {
            if ProcessInfo.processInfo.environment["MADOGUCHI_REQUIRE_BROWSER"] == "1" { XCTFail("\(missing) missing") }
            throw XCTSkip("\(missing) not installed")
        }
    }

    /// Runs `python3 <script relative to the repository> arguments…`; returns its status and output.
    static func run(_ script: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot.appendingPathComponent(script).path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read on a background thread: the server answering the script runs on this process's loops.
        let data = await Task.detached { pipe.fileHandleForReading.readDataToEndOfFile() }.value
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
