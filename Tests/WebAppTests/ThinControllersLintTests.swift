import Foundation
import XCTest

/// Controllers parse input, call one module command or query, and render (docs/CONVENTIONS.md, "Thin
/// controllers"). This test reads every file under `Sources/WebApp/Screens` and `Sources/WebApp/API`
/// and names each line that reaches the database itself: a Fluent query or model write, a transaction,
/// or raw SQL. Such a line belongs in the module that owns the table.
final class ThinControllersLintTests: XCTestCase {
    static let webApp = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/WebApp")

    /// Database access in any of its forms: `Model.query(on:)`, `Model.find(_, on:)`, `.save/.create/.update/.delete(on:)`,
    /// `db.transaction`, `.sql(for:)`, `.raw(`.
    static let databaseAccess = try! NSRegularExpression(pattern:
        #"\.query\(on:|(?<![\w.])[A-Z]\w*\.find\([^)]*on:|\.(save|create|update|delete)\(on:|\.transaction\s*\{|\.sql\(for:|\.raw\("#)

    func testScreensAndAPIsCallModulesInsteadOfTheDatabase() throws {
        var offences: [String] = []
        var scanned = 0
        for folder in ["Screens", "API"] {
            let root = Self.webApp.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            for file in files {
                scanned += 1
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                    if Self.databaseAccess.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil {
                        offences.append("\(folder)/\(file.lastPathComponent):\(number + 1): \(code.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        XCTAssertGreaterThan(scanned, 40, "the screens and APIs were found")
        XCTAssertEqual(offences, [], "controllers that reach the database themselves; move the query into its module")
    }

    /// The check above can fail: the pattern sees each form of direct access.
    func testThePatternSeesDirectAccess() {
        for line in ["let all = try await Municipality.query(on: req.db).all()", "try await Staff.find(id, on: req.db)",
                     "try await row.delete(on: db)", "try await req.db.transaction { db in", "sql.raw(\"SELECT 1\")",
                     "let sql = try req.db.sql(for: \"x\")"] {
            XCTAssertNotNil(Self.databaseAccess.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), line)
        }
        for line in ["try await req.madoguchi.datasets.find(id, municipalityID: m, on: req.db)",
                     "let shelter = try await req.madoguchi.shelterQueries.find(id, municipalityID: m, on: req.db)",
                     "let staff = try await req.madoguchi.staffDirectory.members(of: id, on: req.db)"] {
            XCTAssertNil(Self.databaseAccess.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), line)
        }
    }
}
