import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import XCTest

/// The in-memory search snapshot answers exactly what the SQL search answers, and every write that
/// changes what a search finds is seen by the next search, on this instance and on another one.
final class SearchSnapshotTests: XCTestCase {
    /// Datasets loaded as the benchmark loads them, with ties on day, time and score so every sort key matters.
    private func load(_ f: CatalogFixture, count: Int) async throws {
        let subjects = ["指定緊急避難場所", "指定避難所", "AED設置箇所", "公園", "子育て施設"]
        let areas = ["富士見台", "中", "谷保"]
        let base = Date(timeIntervalSince1970: 1_780_000_000)
        for i in 0..<count {
            let d = Dataset()
            d.id = UUID()
            d.municipalityID = f.kunitachi
            d.departmentID = f.bousai.id!
            d.name = "snapshot-\(i)"
            d.title = "\(areas[i % areas.count])地区の\(subjects[(i / 3) % subjects.count])一覧"
            d.notes = i.isMultiple(of: 4) ? "\(subjects[i % subjects.count])に関するデータです。" : ""
            d.licenseID = i.isMultiple(of: 5) ? "cc-by-4.0" : "odc-by"
            d.tagsText = "\(subjects[i % subjects.count]);\(areas[i % areas.count])"
            d.categoriesText = i.isMultiple(of: 3) ? "bousai;kosodate" : ""
            d.state = i.isMultiple(of: 7) ? .draft : .published
            d.createdAt = base
            d.modifiedAt = base.addingTimeInterval(Double(i % 4) * 3600 - Double(i % 3) * 86_400)
            d.modifiedDay = Int((d.modifiedAt.timeIntervalSince1970 + 9 * 3600) / 86_400)
            try await d.create(on: f.database)
            try await DatasetIndexer.reindex(d, on: f.database)
        }
    }

    private func queries() -> [SearchQuery] {
        let facets = ["tags", "organization", "groups", "license_id", "res_format", "standard_dataset"]
        var list: [SearchQuery] = []
        for text in ["*:*", "", "避難", "指定緊急避難場所", "富士見台 指定", "中 公園", "aed", "ＡＥＤ　設置", "一覧", "snapshot", "存在しない", "避難 aed"] {
            list.append(SearchQuery(text: text, rows: 10, facetFields: facets, facetLimit: 50))
            list.append(SearchQuery(text: text, rows: 3, start: 2, facetFields: ["tags"], facetLimit: 2))
            list.append(SearchQuery(text: text, rows: 0, facetFields: ["groups"]))
            list.append(SearchQuery(text: text, filters: [FacetFilter(field: "tags", value: "谷保")], rows: 1000, facetFields: facets))
            list.append(SearchQuery(text: text, filters: [FacetFilter(field: "groups", value: "bousai"), FacetFilter(field: "license_id", value: "odc-by")],
                                    rows: 5, start: 1, facetFields: ["license_id", "tags"]))
            list.append(SearchQuery(text: text, rows: 10, start: 500))
        }
        return list
    }

    func testSnapshotAnswersExactlyAsSQL() async throws {
        let f = try await makeFixture()
        try await load(f, count: 90)
        let snapshots = SearchSnapshots()
        // The same snapshot read a few postings per statement (as 100,000 datasets' are read 50,000 at a time).
        let paged = SearchSnapshots(postingsPerStatement: 7)
        var compared = 0
        for query in queries() {
            let memory = try await snapshots.run(query, municipalityID: f.kunitachi, on: f.database)
            let sql = try await DatasetSearch.runSQL(query, municipalityID: f.kunitachi, on: f.database)
            XCTAssertEqual(memory, sql, "\(query)")
            let fromPages = try await paged.run(query, municipalityID: f.kunitachi, on: f.database)
            XCTAssertEqual(fromPages, sql, "read in pages: \(query)")
            if sql.count > 0 { compared += 1 }
        }
        XCTAssertGreaterThan(compared, 40, "most queries find something, so the comparison means something")
        let pagedBuilds = await paged.builds
        XCTAssertEqual(pagedBuilds, 1)
        let builds = await snapshots.builds
        XCTAssertEqual(builds, 1, "one snapshot answered every query: nothing was written")
        let other = try await snapshots.run(SearchQuery(text: "*:*"), municipalityID: f.musashimurayama, on: f.database)
        XCTAssertEqual(other.count, 0, "another municipality's catalogue is its own")
    }

    func testEveryWriteIsSeenByTheNextSearchOnEveryInstance() async throws {
        let f = try await makeFixture()
        let one = SearchSnapshots(), two = SearchSnapshots()
        func names(_ text: String, on instance: SearchSnapshots) async throws -> [String] {
            let result = try await instance.run(SearchQuery(text: text, rows: 100, facetFields: ["tags"]), municipalityID: f.kunitachi, on: f.database)
            let sql = try await DatasetSearch.runSQL(SearchQuery(text: text, rows: 100, facetFields: ["tags"]), municipalityID: f.kunitachi, on: f.database)
            XCTAssertEqual(result, sql, text)
            return try await DatasetSearch.datasets(for: result, on: f.database).map(\.name)
        }
        func both(_ text: String) async throws -> [String] {
            let first = try await names(text, on: one)
            let second = try await names(text, on: two)
            XCTAssertEqual(second, first, "both instances answer alike: \(text)")
            return first
        }
        func expect(_ text: String, _ expected: [String], _ message: String = "", line: UInt = #line) async throws {
            let found = try await both(text)
            XCTAssertEqual(found, expected, "\(text): \(message)", line: line)
        }
        try await expect("避難", [])

        let draft = try await f.commands.create(municipalityID: f.kunitachi, f.input("shelters", "指定避難所一覧", tags: ["防災"]), by: .system, on: f.database)
        try await expect("避難", [], "a draft is not searchable")
        _ = try await f.commands.publish(draft.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
        try await expect("避難", ["shelters"], "publishing is seen")

        _ = try await f.commands.update(draft.id!, municipalityID: f.kunitachi, f.input("shelters", "給水拠点一覧", tags: ["水道"]), by: .system, on: f.database)
        try await expect("避難", [], "an edit's old words are gone")
        try await expect("給水", ["shelters"], "and its new words are found")
        let tags = try await one.run(SearchQuery(text: "*:*", facetFields: ["tags"]), municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(tags.facets["tags"]?.map(\.name), ["水道"], "facet counts follow the edit")

        _ = try await f.commands.addLink(to: draft.id!, municipalityID: f.kunitachi, url: "https://example.jp/water.csv", name: "拠点座標", format: "CSV",
                     by: .system, on: f.database)
        try await expect("座標", ["shelters"], "a new resource's name is found")

        let older = try await f.published("older", "給水車の配置")
        try await expect("給水", ["older", "shelters"], "the newest first")
        _ = try await f.commands.update(draft.id!, municipalityID: f.kunitachi, f.input("shelters", "給水拠点一覧", tags: ["水道"]), by: .system, on: f.database)
        try await expect("給水", ["shelters", "older"], "an edit makes it the newest again")

        try await f.commands.delete(draft.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
        try await expect("給水", ["older"], "deleting is seen")
        try await f.commands.delete(older.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
        try await expect("*:*", [], "the last one too")
    }

    /// After a write, an instance updates its snapshot from the change log (the datasets the write
    /// touched) instead of rebuilding it whole, and the updated snapshot still answers every query of
    /// the set exactly as SQL does: new datasets are numbered after the others, so ties on score and
    /// time must still fall to id order, and retired numbers must never be counted.
    func testWritesUpdateTheSnapshotAndItStillAnswersAsSQL() async throws {
        let f = try await makeFixture()
        try await load(f, count: 60)
        let snapshots = SearchSnapshots()
        func compareAll(_ step: String) async throws {
            for query in queries() {
                let memory = try await snapshots.run(query, municipalityID: f.kunitachi, on: f.database)
                let sql = try await DatasetSearch.runSQL(query, municipalityID: f.kunitachi, on: f.database)
                XCTAssertEqual(memory, sql, "\(step): \(query)")
            }
        }
        try await compareAll("built whole")
        let a = try await f.published("zz-water", "富士見台地区の給水拠点一覧", tags: ["谷保", "水道"])
        try await compareAll("one dataset published")
        let b = try await f.published("aa-shelter", "中地区の指定避難所一覧", tags: ["谷保"])
        let draft = try await f.commands.create(municipalityID: f.kunitachi, f.input("draft", "公園一覧", tags: ["谷保"]), by: .system, on: f.database)
        try await compareAll("another published, a draft made")
        _ = try await f.commands.update(a.id!, municipalityID: f.kunitachi, f.input("zz-water", "谷保地区の公園一覧", tags: ["公園"]), by: .system, on: f.database)
        _ = try await f.commands.publish(draft.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
        try await compareAll("an edit and a publish between two searches")
        _ = try await f.commands.addLink(to: b.id!, municipalityID: f.kunitachi, url: "https://example.jp/s.csv", name: "座標", format: "CSV",
                                         by: .system, on: f.database)
        try await f.commands.delete(a.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
        try await compareAll("a resource added, a dataset deleted")
        let builds = await snapshots.builds, updates = await snapshots.updates
        XCTAssertEqual(builds, 1, "only the first snapshot was built whole")
        XCTAssertEqual(updates, 4, "each of the four rounds of writes was applied as an update")

        let other = SearchSnapshots()
        let fresh = try await other.run(SearchQuery(text: "*:*", rows: 1000), municipalityID: f.kunitachi, on: f.database)
        let updated = try await snapshots.run(SearchQuery(text: "*:*", rows: 1000), municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(updated, fresh, "the updated snapshot holds what a snapshot built whole now holds")
    }
}
