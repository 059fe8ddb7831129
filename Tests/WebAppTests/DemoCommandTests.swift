import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTest

/// `madoguchi demo add-datasets`: fills the demo store with generated, indexed datasets for load
/// tests, numbering on from what is there, and refuses counts outside its stated bounds.
final class DemoCommandTests: XCTestCase {
    func testAddDatasetsAddsSearchableDatasetsToTheDemoAndRefusesBadCounts() async throws {
        let binary = try MadoguchiBinary.require()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-demo-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["MADOGUCHI_DATA_DIR"] = folder.path
        if environment["DATABASE_URL"]?.hasPrefix("postgres") == true {
            try await TestApp.resetPostgres(url: environment["DATABASE_URL"]!)
        } else {
            environment["DATABASE_URL"] = folder.appendingPathComponent("demo.sqlite").path
        }
        environment["MADOGUCHI_FIELD_KEYS"] = TestApp.fieldKeys
        environment["LOG_LEVEL"] = "warning"

        let (first, firstOutput) = try AuditLogTests.run(binary, ["demo", "add-datasets", "--count", "5"], environment: environment)
        XCTAssertEqual(first, 0, firstOutput)
        XCTAssertTrue(firstOutput.contains("5 generated datasets added to 132152 (5 in all)"), firstOutput)
        let (second, secondOutput) = try AuditLogTests.run(binary, ["demo", "add-datasets", "--count", "3"], environment: environment)
        XCTAssertEqual(second, 0, secondOutput)
        XCTAssertTrue(secondOutput.contains("3 generated datasets added to 132152 (8 in all)"), secondOutput)
        for bad in ["0", "-5", "1000001", String(Int.max)] {
            let (status, output) = try AuditLogTests.run(binary, ["demo", "add-datasets", "--count=\(bad)"], environment: environment)
            XCTAssertNotEqual(status, 0, "count \(bad) is refused")
            XCTAssertTrue(output.contains("between 1 and 1000000"), "count \(bad): \(output)")
        }

        // The store as the server opens it: the eight datasets are published and found by search.
        let app = try await Application.make(.testing)
        var env = environment
        env["MADOGUCHI_DEMO"] = "false"
        try await configure(app, configuration: try Configuration.resolve(environment: env), passwordCost: 4)
        let demo = try await app.madoguchi.municipalities.find(code: "132152", on: app.db)
        let found = try await DatasetSearch.run(SearchQuery(text: "load test", rows: 100), municipalityID: try XCTUnwrap(demo).requireID(), on: app.db)
        XCTAssertEqual(found.count, 8)
        try await app.asyncShutdown()
    }
}
