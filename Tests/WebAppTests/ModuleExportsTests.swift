import Foundation
import MadoguchiCore
@testable import WebApp
import XCTVapor

/// Every open-data export a manifest declares is served live as CSV at `/{code}/exports/{id}.csv`,
/// its header first, for anyone; an undeclared name is not found.
final class ModuleExportsTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }
    override func tearDown() async throws { try await test?.shutdown() }

    func testEveryDeclaredExportIsServedAsCSV() async throws {
        let exports = Modules.all.flatMap(\.openDataExports)
        XCTAssertFalse(exports.isEmpty, "at least the shelters' live status is declared")
        XCTAssertEqual(Set(exports.map(\.id)).count, exports.count, "export ids are unique")
        for export in exports {
            let response = try await test.app.sendRequest(.GET, "/132152/exports/\(export.id).csv")
            XCTAssertEqual(response.status, .ok, export.id)
            XCTAssertEqual(response.headers.contentType?.subType, "csv")
            let rows = try await export.rows(test.kunitachi.requireID(), test.app.db)
            let header = try XCTUnwrap(rows.first, "\(export.id) has a header row")
            XCTAssertTrue(response.body.string.hasPrefix(CSVWriter.byteOrderMark + CSVWriter.row(header)), export.id)
        }
        for path in ["/132152/exports/nothing.csv", "/132152/exports/shelters.status", "/132152/exports/..%2Fetc%2Fpasswd.csv"] {
            let response = try await test.app.sendRequest(.GET, path)
            XCTAssertEqual(response.status, .notFound, path)
        }
    }
}
