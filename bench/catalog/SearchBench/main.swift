// package_search latency with a large catalogue, against a named peer in the same run: a plain
// `LIKE '%…%'` scan over titles and descriptions (what a catalogue without an index does).
// Usage: catalog-search-bench [DATASETS] [QUERIES]   (DATABASE_URL=postgres://… for PostgreSQL)
import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import SQLKit

func run() async throws {
    let arguments = CommandLine.arguments
    let total = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
    let queryCount = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200

    let db = try await TestDatabase.make(migrations: CoreModule.manifest.migrations + CatalogModule.manifest.migrations)
    let database = db.database
    let sql = database as! any SQLDatabase
    let engine = TestDatabase.isPostgres ? "PostgreSQL" : "SQLite"

    let city = Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 76_000)
    try await city.create(on: database)
    let department = Department(municipalityID: city.id!, code: "seisaku", name: "政策経営課", nameEnglish: "Policy")
    try await department.create(on: database)

    let subjects = SyntheticCatalog.subjects, areas = SyntheticCatalog.areas
    let clock = ContinuousClock()
    let loadStart = clock.now
    try await SyntheticCatalog.add(count: total, municipalityID: city.id!, departmentID: department.id!, on: database)
    let loadSeconds = Double((clock.now - loadStart).components.seconds)

    let queries = (0..<queryCount).map { i in i % 3 == 0 ? subjects[i % subjects.count] : i % 3 == 1 ? "避難" : "\(areas[i % areas.count]) \(subjects[i % subjects.count].prefix(2))" }

    @Sendable func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    func measure(_ body: (String) async throws -> Int) async throws -> (p50: Double, p99: Double, hits: Int) {
        var times: [Double] = []
        var hits = 0
        for q in queries {
            let start = clock.now
            hits += try await body(q)
            let d = clock.now - start
            times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        return (percentile(times, 0.5), percentile(times, 0.99), hits)
    }

    // The first search builds the municipality's in-memory snapshot (what every search after a
    // change of the published catalogue pays once); timed on its own.
    let buildStart = clock.now
    _ = try await SearchSnapshots.shared.run(SearchQuery(text: "*:*", rows: 0), municipalityID: city.id!, on: database)
    let build = clock.now - buildStart
    let buildMs = Double(build.components.seconds) * 1000 + Double(build.components.attoseconds) / 1e15

    // One edit (a title and its index rows, as a staff edit makes them), then the first search after it:
    // the snapshot is updated from the change log instead of being built whole.
    let edited = try await Dataset.query(on: database).filter(\.$municipalityID == city.id!).sort(\.$name).first()!
    edited.title = "給水拠点と\(edited.title)"
    edited.modifiedAt = Date()
    try await edited.save(on: database)
    try await DatasetIndexer.reindex(edited, on: database)
    let updateStart = clock.now
    _ = try await SearchSnapshots.shared.run(SearchQuery(text: "給水", rows: 10), municipalityID: city.id!, on: database)
    let update = clock.now - updateStart
    let updateMs = Double(update.components.seconds) * 1000 + Double(update.components.attoseconds) / 1e15

    let madoguchi = try await measure { q in
        let query = SearchQuery(text: q, rows: 10, facetFields: ["tags", "organization"], facetLimit: 10)
        return try await DatasetSearch.run(query, municipalityID: city.id!, on: database).count
    }
    let sqlPath = try await measure { q in
        let query = SearchQuery(text: q, rows: 10, facetFields: ["tags", "organization"], facetLimit: 10)
        return try await DatasetSearch.runSQL(query, municipalityID: city.id!, on: database).count
    }
    let plain = try await measure { q in
        let query = SearchQuery(text: q, rows: 10, facetFields: [], facetLimit: 0)
        return try await DatasetSearch.run(query, municipalityID: city.id!, on: database).count
    }
    let peer = try await measure { q in
        let pattern = "%" + q.split(separator: " ").first.map(String.init)! + "%"
        let count = try await sql.raw("SELECT COUNT(*) AS n FROM catalog_datasets WHERE municipality_id = \(bind: city.id!) AND state = 'published' AND (title LIKE \(bind: pattern) OR notes LIKE \(bind: pattern))").first()?.decode(column: "n", as: Int.self) ?? 0
        _ = try await sql.raw("SELECT id FROM catalog_datasets WHERE municipality_id = \(bind: city.id!) AND state = 'published' AND (title LIKE \(bind: pattern) OR notes LIKE \(bind: pattern)) ORDER BY modified_at DESC LIMIT 10").all()
        return count
    }
    print("\(engine): \(total) datasets loaded in \(Int(loadSeconds)) s; \(queryCount) queries")
    print(String(format: "  snapshot built whole (first search):            %.1f ms", buildMs))
    print(String(format: "  snapshot updated (first search after an edit):  %.1f ms", updateMs))
    print(String(format: "  madoguchi package_search (snapshot, facets):    p50 %.1f ms, p99 %.1f ms", madoguchi.p50, madoguchi.p99))
    print(String(format: "  same search in SQL alone (runSQL, facets):      p50 %.1f ms, p99 %.1f ms", sqlPath.p50, sqlPath.p99))
    print(String(format: "  madoguchi without facets (same query, ranked):  p50 %.1f ms, p99 %.1f ms", plain.p50, plain.p99))
    print(String(format: "  peer LIKE scan (no index, no facets):           p50 %.1f ms, p99 %.1f ms", peer.p50, peer.p99))
    print(String(format: "  ratio (peer / madoguchi): p50 %.1fx, p99 %.1fx", peer.p50 / madoguchi.p50, peer.p99 / madoguchi.p99))
    print(String(format: "  hits: madoguchi %d, SQL path %d (must be equal)", madoguchi.hits, sqlPath.hits))
    // Per query in the set: madoguchi's slowest run against the peer's fastest, so "faster for every query" is checked.
    var worst: [String: (mine: Double, peer: Double)] = [:]
    for q in Set(queries) {
        var mine = 0.0, theirs = Double.infinity
        for _ in 0..<3 {
            let a = clock.now
            _ = try await DatasetSearch.run(SearchQuery(text: q, rows: 10, facetFields: ["tags", "organization"], facetLimit: 10), municipalityID: city.id!, on: database)
            let b = clock.now
            let pattern = "%" + q.split(separator: " ").first.map(String.init)! + "%"
            _ = try await sql.raw("SELECT COUNT(*) AS n FROM catalog_datasets WHERE municipality_id = \(bind: city.id!) AND state = 'published' AND (title LIKE \(bind: pattern) OR notes LIKE \(bind: pattern))").all()
            _ = try await sql.raw("SELECT id FROM catalog_datasets WHERE municipality_id = \(bind: city.id!) AND state = 'published' AND (title LIKE \(bind: pattern) OR notes LIKE \(bind: pattern)) ORDER BY modified_at DESC LIMIT 10").all()
            let c = clock.now
            func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
            mine = max(mine, ms(b - a)); theirs = min(theirs, ms(c - b))
        }
        worst[q] = (mine, theirs)
    }
    let slowest = worst.max { $0.value.mine / $0.value.peer < $1.value.mine / $1.value.peer }!
    print(String(format: "  per query (%d distinct, 3 runs each): madoguchi slowest / peer fastest at most %.3f", worst.count, slowest.value.mine / slowest.value.peer)
          + " (\(slowest.key): " + String(format: "%.2f ms vs %.2f ms)", slowest.value.mine, slowest.value.peer))
    await db.shutdown()
}

try await run()
