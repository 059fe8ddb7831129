import XCTest
import Foundation
@testable import Counter

final class CatalogLoadingTests: XCTestCase {
    func testShippedRulesLoadWithTheNationalInventory() throws {
        let catalog = try LifeEventCatalog.load()
        XCTAssertEqual(Set(catalog.lifeEvents.map(\.id)), ["death", "birth", "moving"])
        XCTAssertEqual(catalog.procedures.filter { $0.category == "childcare" }.count, 15)
        XCTAssertEqual(catalog.procedures.filter { $0.category == "care" }.count, 13, "the national 11 + 資格喪失届 + 受給資格証明書")
        XCTAssertNotNil(catalog.procedure("disaster_victim_certificate"))
        for procedure in catalog.procedures {
            XCTAssertFalse(procedure.legalBasis.isEmpty, procedure.id)
            XCTAssertFalse(procedure.channels.isEmpty, procedure.id)
        }
    }

    func testInventoryRoundTripsThroughJSONForTheInventoryPage() throws {
        let catalog = try LifeEventCatalog.load()
        let data = try JSONEncoder().encode(catalog.procedures)
        let decoded = try JSONDecoder().decode([Procedure].self, from: data)
        XCTAssertEqual(decoded.map(\.id), catalog.procedures.map(\.id))
        let condition = try XCTUnwrap(decoded.first { $0.id == "pension_death_report" }?.variants.first?.when)
        XCTAssertEqual(condition.evaluate(["deceased_pension_type": .choice("national_only")]).truth, .yes)
        XCTAssertEqual(condition.evaluate([:]).truth, .unknown)
    }
}
