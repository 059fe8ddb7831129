import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import XCTest

final class CKANAndDCATTests: XCTestCase {
    func testPackageDictHasCKANKeysAndDCATOutputsParseableDocuments() async throws {
        let f = try await makeFixture()
        var input = f.input("evacuation-space", "指定緊急避難場所一覧", notes: "災害時の\"避難\"先\n一覧", tags: ["防災", "避難"])
        input.contactEmail = "bousai@city.example.jp"
        input.updateFrequency = "annual"
        let draft = try await f.commands.create(municipalityID: f.kunitachi, input, by: .system, on: f.database)
        _ = try await f.commands.addFile(to: draft.id!, municipalityID: f.kunitachi, fileName: "132152_evacuation_space.csv",
                                         data: Data("NO,名称\n".utf8), by: .system, on: f.database)
        let d = try await f.commands.publish(draft.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
        let resources = try await Resource.query(on: f.database).all()
        let package = CKANMapping(siteURL: "https://opendata.city.example.jp/").package(d, department: f.bousai, categories: [], resources: resources)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(package)) as! [String: Any]
        for key in ["id", "name", "title", "notes", "license_id", "license_title", "isopen", "owner_org", "organization", "private",
                    "state", "metadata_created", "metadata_modified", "num_resources", "num_tags", "tags", "groups", "extras", "resources"] {
            XCTAssertNotNil(json[key], key)
        }
        XCTAssertEqual(package.state, "active")
        XCTAssertEqual(package.resources.first?.url_type, "upload")
        XCTAssertEqual(package.resources.first?.format, "CSV")
        XCTAssertEqual(package.resources.first?.openness_score, 3)
        XCTAssertTrue(package.resources.first!.url.hasPrefix("https://opendata.city.example.jp/dataset/"))

        let dcat = DCATSerializer(siteURL: "https://opendata.city.example.jp", catalogTitle: "国立市オープンデータ", publisherName: "国立市")
        let turtle = dcat.catalogTurtle([package], page: .init(number: 1, totalItems: 250))
        XCTAssertTrue(turtle.contains("hydra:nextPage <https://opendata.city.example.jp/catalog.ttl?page=2>"))
        XCTAssertTrue(turtle.contains("\"災害時の\\\"避難\\\"先\\n一覧\"@ja"))
        let jsonLD = dcat.datasetJSONLD(package)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)))
        // Written for the rdflib check in python/check_dcat.py when CATALOG_DCAT_OUT is set.
        if let out = ProcessInfo.processInfo.environment["CATALOG_DCAT_OUT"] {
            try turtle.write(toFile: out + "/catalog.ttl", atomically: true, encoding: .utf8)
            try jsonLD.write(toFile: out + "/dataset.jsonld", atomically: true, encoding: .utf8)
        }
    }

    func testLicencesAndOpenness() {
        XCTAssertEqual(CKANLicense.all.map(\.id).prefix(2), ["cc-by-4.0", "pdl-1.0"])
        XCTAssertEqual(ResourceFormat.openness(format: "PDF"), 1)
        XCTAssertEqual(ResourceFormat.openness(format: "XLSX"), 2)
        XCTAssertEqual(ResourceFormat.openness(format: "GeoJSON"), 3)
        XCTAssertEqual(ResourceFormat.openness(format: "TTL"), 4)
    }
}
