import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import XCTest

final class DatasetSearchTests: XCTestCase {
    func testJapaneseSubstringAndLatinWordsFindDatasets() async throws {
        let f = try await makeFixture()
        try await f.published("evacuation-space", "指定緊急避難場所一覧", notes: "災害時の避難先", tags: ["防災"])
        try await f.published("aed", "AED設置箇所一覧", tags: ["医療"])
        try await f.published("events", "イベント一覧")
        let draft = try await f.commands.create(municipalityID: f.kunitachi, f.input("shelter-draft", "指定避難所一覧"), by: .system, on: f.database)
        _ = draft
        let byKanji = try await DatasetSearch.run(SearchQuery(text: "避難"), municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(byKanji.count, 1, "drafts are not searchable")
        let datasets = try await DatasetSearch.datasets(for: byKanji, on: f.database)
        XCTAssertEqual(datasets.map(\.name), ["evacuation-space"])
        let latin = try await DatasetSearch.run(SearchQuery(text: "aed"), municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(latin.count, 1)
        let fullWidth = try await DatasetSearch.run(SearchQuery(text: "ＡＥＤ　設置"), municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(fullWidth.count, 1)
        let none = try await DatasetSearch.run(SearchQuery(text: "避難 AED"), municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(none.count, 0)
        let oneKanji = try await DatasetSearch.run(SearchQuery(text: "避"), municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(oneKanji.count, 1)
    }

    func testFacetsFiltersPagingAndSort() async throws {
        let f = try await makeFixture()
        for i in 0..<5 { try await f.published("list-\(i)", "一覧\(i)", tags: i.isMultiple(of: 2) ? ["防災"] : ["子育て"]) }
        let query = try SearchQuery.ckan(q: "一覧", fq: "tags:防災", sort: "name desc", rows: 2, start: 0,
                                         facetFields: ["tags", "organization", "license_id"], facetLimit: nil)
        let result = try await DatasetSearch.run(query, municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(result.count, 3)
        let page = try await DatasetSearch.datasets(for: result, on: f.database)
        XCTAssertEqual(page.map(\.name), ["list-4", "list-2"])
        XCTAssertEqual(result.facets["tags"]?.map(\.name), ["防災"])
        XCTAssertEqual(result.facets["organization"]?.first?.displayName, "防災安全課")
        XCTAssertEqual(result.facets["license_id"]?.first?.count, 3)
        let second = try await DatasetSearch.run(SearchQuery(text: "一覧", filters: query.filters, sort: .nameDescending, rows: 2, start: 2),
                                                 municipalityID: f.kunitachi, on: f.database)
        let secondPage = try await DatasetSearch.datasets(for: second, on: f.database)
        XCTAssertEqual(secondPage.map(\.name), ["list-0"])
    }

    func testCKANParameterErrors() {
        XCTAssertThrowsError(try SearchQuery.ckan(q: nil, fq: "author:x", sort: nil, rows: nil, start: nil, facetFields: nil, facetLimit: nil))
        XCTAssertThrowsError(try SearchQuery.ckan(q: nil, fq: nil, sort: "random()", rows: nil, start: nil, facetFields: nil, facetLimit: nil))
        XCTAssertThrowsError(try SearchQuery.ckan(q: nil, fq: nil, sort: nil, rows: -1, start: nil, facetFields: nil, facetLimit: nil))
        // Above 1000, rows is clamped as CKAN clamps it (ckan.search.rows_max).
        XCTAssertEqual(try SearchQuery.ckan(q: nil, fq: nil, sort: nil, rows: 1001, start: nil, facetFields: nil, facetLimit: nil).rows, 1000)
        XCTAssertEqual(try FacetFilter.parse("organization:bousai tags:\"避難 所\""),
                       [FacetFilter(field: "organization", value: "bousai"), FacetFilter(field: "tags", value: "避難 所")])
    }

    func testTokenizer() {
        XCTAssertEqual(SearchTokenizer.terms(in: "避難場所 AED-2024"), ["避難", "難場", "場所", "aed", "2024"])
    }

    /// Every search is bounded in the search layer: package_search's parameters are refused beyond
    /// the limits with the parameter named; a query built directly is cut to them.
    func testSearchLimits() async throws {
        // n distinct two-letter words: 65 of them fit in 200 characters.
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        func words(_ n: Int) -> String {
            (0..<n).map { (i: Int) -> String in String([letters[i / 26], letters[i % 26]]) }.joined(separator: " ")
        }
        func field(_ call: () throws -> SearchQuery) -> String? {
            do { _ = try call(); return nil } catch let error as ParameterError { return error.field } catch { return "other: \(error)" }
        }
        XCTAssertEqual(field { try SearchQuery.ckan(q: String(repeating: "避", count: 32_000), fq: nil, sort: nil, rows: nil, start: nil, facetFields: nil, facetLimit: nil) }, "q")
        XCTAssertEqual(field { try SearchQuery.ckan(q: words(65), fq: nil, sort: nil, rows: nil, start: nil, facetFields: nil, facetLimit: nil) }, "q")
        XCTAssertNil(field { try SearchQuery.ckan(q: words(64), fq: nil, sort: nil, rows: nil, start: nil, facetFields: nil, facetLimit: nil) })
        XCTAssertEqual(field { try SearchQuery.ckan(q: "a\u{0}b", fq: nil, sort: nil, rows: nil, start: nil, facetFields: nil, facetLimit: nil) }, "q")
        XCTAssertEqual(field { try SearchQuery.ckan(q: nil, fq: (0..<21).map { "tags:t\($0)" }.joined(separator: " AND "), sort: nil, rows: nil, start: nil, facetFields: nil, facetLimit: nil) }, "fq")
        XCTAssertNil(field { try SearchQuery.ckan(q: nil, fq: (0..<20).map { "tags:\"t \($0)\"" }.joined(separator: " AND "), sort: nil, rows: nil, start: nil, facetFields: nil, facetLimit: nil) })
        XCTAssertEqual(field { try SearchQuery.ckan(q: nil, fq: nil, sort: String(repeating: "x", count: 101), rows: nil, start: nil, facetFields: nil, facetLimit: nil) }, "sort")
        for start: Any in [-1, "9223372036854775808", Int.max, "1e309", 1.5] {
            XCTAssertEqual(field { try SearchQuery.ckan(q: nil, fq: nil, sort: nil, rows: nil, start: start, facetFields: nil, facetLimit: nil) }, "start", "\(start)")
        }
        let direct = SearchQuery(text: String(repeating: "避難所", count: 10_000), filters: Array(repeating: FacetFilter(field: "tags", value: "x"), count: 500),
                                 rows: Int.max, start: Int.max, facetLimit: Int.min)
        XCTAssertEqual(direct.text.count, SearchLimits.maxTextLength)
        XCTAssertEqual(direct.filters.count, SearchLimits.maxFilterClauses)
        XCTAssertEqual(direct.rows, SearchQuery.maxRows)
        XCTAssertEqual(direct.start, SearchLimits.maxStart)
        XCTAssertEqual(direct.facetLimit, 0)
        let f = try await makeFixture()
        try await f.published("shelters", "避難所一覧")
        let result = try await DatasetSearch.run(direct, municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(result.count, 0)
    }
}
