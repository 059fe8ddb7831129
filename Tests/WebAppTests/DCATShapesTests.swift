import Catalog
import Foundation
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// The DCAT output (`/{code}/catalog.ttl`, `.jsonld` and `/{code}/dataset/{name}.ttl`, `.jsonld`)
/// validated with the DCAT-AP 2.1.1 SHACL shapes through pyshacl
/// (`Tests/WebAppTests/python/validate_dcat.py`, shapes in `python/shacl/`): mandatory, range and,
/// for a fully described dataset, recommended. Datasets are made through the CKAN API.
final class DCATShapesTests: XCTestCase {
    var test: TestApp!
    var token = ""

    override func setUp() async throws {
        try PythonPeer.require(modules: "pyshacl", missing: "pyshacl (pip install -r Tests/WebAppTests/python/requirements.txt)")
        test = try await makeTestApp()
        try await test.addDisasterPreventionDepartment()
        try await Catalog.Category(municipalityID: test.kunitachi.requireID(), name: "bousai", title: "防災").create(on: test.app.db)
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("municipality_administrator", password: test.password)
        let csrf = try await browser.csrfToken(from: "/132152/staff/api-tokens")
        let page = try await browser.post("/132152/staff/api-tokens", form: ["_csrf": csrf, "label": "DCAT"])
        let html = page.body.string
        let start = try XCTUnwrap(html.range(of: #"<code id="new-token">"#))
        token = String(html[start.upperBound...].prefix { $0 != "<" })
    }

    private func action(_ name: String, _ body: [String: Any]) async throws -> [String: Any] {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .authorization, value: token)
        let response = try await test.app.sendRequest(.POST, "/132152/api/3/action/\(name)", headers: headers,
                                                      body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
        XCTAssertEqual(response.status, .ok, response.body.string)
        let json = try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any]
        return try XCTUnwrap(json?["result"] as? [String: Any])
    }

    /// resource_create with a file, as a multipart upload (so the distribution has a media type and size).
    private func upload(to packageID: String, fileName: String, csv: String, description: String) async throws {
        let boundary = "madoguchi-dcat-boundary"
        var body = ""
        for (name, value) in ["package_id": packageID, "name": fileName, "description": description] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
        body += "--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        headers.replaceOrAdd(name: .authorization, value: token)
        let response = try await test.app.sendRequest(.POST, "/132152/api/3/action/resource_create", headers: headers, body: ByteBuffer(string: body))
        XCTAssertEqual(response.status, .ok, response.body.string)
    }

    /// Fetches `paths` into a scratch folder and runs the validator on them.
    private func validate(_ paths: [String], recommended: Bool) async throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-dcat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for (index, path) in paths.enumerated() {
            let response = try await test.app.sendRequest(.GET, path)
            XCTAssertEqual(response.status, .ok, path)
            let file = folder.appendingPathComponent("\(index)." + (path.hasSuffix(".ttl") ? "ttl" : "jsonld"))
            try Data(response.body.string.utf8).write(to: file)
            files.append(file.path)
        }
        return try await PythonPeer.run("Tests/WebAppTests/python/validate_dcat.py", (recommended ? ["--recommended"] : []) + files)
    }

    func testAFullyDescribedCatalogueConformsToTheMandatoryRecommendedAndRangeShapes() async throws {
        let dataset = try await action("package_create", [
            "name": "evacuation-space", "title": "指定緊急避難場所一覧", "notes": "市内の指定緊急避難場所（洪水・地震）",
            "owner_org": "bousai", "private": false, "license_id": "cc-by-4.0", "tags": [["name": "防災"], ["name": "避難"]],
            "groups": [["name": "bousai"]], "maintainer": "防災安全課", "maintainer_email": "bousai@city.example.jp",
            "extras": [["key": "update_frequency", "value": "annual"], ["key": "spatial_text", "value": "国立市全域"],
                       ["key": "temporal_start", "value": "2025-04-01"], ["key": "temporal_end", "value": "2026-03-31"]],
        ])
        let id = try XCTUnwrap(dataset["id"] as? String)
        try await upload(to: id, fileName: "132152_evacuation_space.csv", csv: "NO,名称\r\n1,第一小学校\r\n", description: "一覧（CSV）")
        _ = try await action("resource_create", ["package_id": id, "name": "地図", "url": "https://example.jp/map.html",
                                                 "format": "HTML", "description": "ハザードマップ（外部サイト）"])

        let (status, output) = try await validate(["/132152/catalog.ttl", "/132152/catalog.jsonld", "/132152/dataset/evacuation-space.ttl",
                                                   "/132152/dataset/evacuation-space.jsonld"], recommended: true)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("4 documents conform"), output)
    }

    func testAMinimalDatasetConformsToTheMandatoryAndRangeShapes() async throws {
        let dataset = try await action("package_create", ["name": "minimal", "title": "最小限のデータセット", "owner_org": "bousai", "private": false])
        // A format the EU file-type table does not list.
        _ = try await action("resource_create", ["package_id": try XCTUnwrap(dataset["id"] as? String), "name": "時刻表",
                                                 "url": "https://example.jp/gtfs.zip", "format": "GTFS"])
        let (status, output) = try await validate(["/132152/catalog.ttl", "/132152/catalog.jsonld", "/132152/dataset/minimal.ttl"],
                                                  recommended: false)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("3 documents conform"), output)
    }
}
