import Catalog
import FluentKit
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// The demo's catalogue on a fresh start: eight kinds of 自治体標準オープンデータセット (the DX plan's
/// target), each file conforming to its standard, so the open-data indicator reads 8 and the
/// conformity mark shows on every one.
final class DemoOpenDataTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }
    override func tearDown() async throws { try await test?.shutdown() }

    func testTheDemoPublishesEightConformingKindsOfStandardData() async throws {
        let services = test.app.madoguchi
        var departmentIDs: [String: UUID] = [:]
        for code in ["bosai", "seisaku-keiei"] {
            departmentIDs[code] = try await services.municipalities.addDepartment(to: test.kunitachi, code: code, name: code, nameEnglish: code,
                                                                                 by: .system, origin: .none, on: test.app.db).requireID()
        }
        try await DemoOpenData.load(app: test.app, municipality: test.kunitachi, departmentIDs: departmentIDs)
        try await DemoShelters.load(app: test.app, municipality: test.kunitachi, departmentID: XCTUnwrap(departmentIDs["bosai"]))

        let city = try test.kunitachi.requireID()
        let datasets = try await services.datasets.staffList(municipalityID: city, on: test.app.db).filter { $0.standardDataset != nil }
        XCTAssertEqual(Set(datasets.compactMap(\.standardDataset)).count, 8, "eight kinds of standard data")
        for dataset in datasets {
            XCTAssertEqual(dataset.state, .published, dataset.name)
            let resources = try await services.datasets.staffDetail(dataset.requireID(), municipalityID: city, on: test.app.db).resources
            XCTAssertEqual(resources.count, 1, dataset.name)
            XCTAssertEqual(resources.first?.conformsTo, dataset.standardDataset, dataset.name)
            XCTAssertEqual(resources.first?.conformity, "conforms", "\(dataset.name) conforms to \(dataset.standardDataset ?? "")")
        }
        let indicator = try XCTUnwrap(Modules.all.flatMap(\.indicators).first { $0.id == "catalog.open_data_kinds" })
        guard case .live(let compute) = indicator.computation else { return XCTFail("a live indicator") }
        let value = try await compute(city, test.kunitachi.fiscalYear(containing: CivilDate.today()), test.app.db)
        XCTAssertEqual(value, .count(8), "the open-data target of 8 kinds is met on a fresh start")
    }
}
