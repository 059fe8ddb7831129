import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// Reads a municipality's index tables into a `SearchSnapshot`: three statements, each postings or
/// facet list aggregated into one text value per term or value, since decoding millions of
/// single rows would take far longer than the database takes to produce them.
enum SearchSnapshotLoader {
    static func load(municipalityID: UUID, on database: any Database) async throws -> SearchSnapshot {
        let sql = try database.sql(for: "the catalogue")
        let postgres = sql.dialect.name == "postgresql"
        // The key a dataset id has in the aggregated lists: the database's own text of it.
        let key: SQLQueryString = postgres ? "id::text" : "hex(id)"
        let postingKey: SQLQueryString = postgres ? "dataset_id::text" : "hex(dataset_id)"

        var ids: [UUID] = [], days: [Int32] = [], modified: [Double] = []
        var number: [String: Int32] = [:]
        let docs = try await sql.raw("SELECT id, " + key + " AS k, modified_day, modified_at FROM \(ident: Dataset.schema) WHERE municipality_id = \(bind: municipalityID) AND state = \(bind: Dataset.State.published.rawValue) ORDER BY id").all()
        ids.reserveCapacity(docs.count); days.reserveCapacity(docs.count); modified.reserveCapacity(docs.count)
        number.reserveCapacity(docs.count)
        for row in docs {
            number[try row.decode(column: "k", as: String.self)] = Int32(ids.count)
            ids.append(try row.decode(column: "id", as: UUID.self))
            days.append(Int32(try row.decode(column: "modified_day", as: Int.self)))
            modified.append(try row.decode(column: "modified_at", as: Date.self).timeIntervalSince1970)
        }

        let postingList: SQLQueryString = postgres
            ? "string_agg(" + postingKey + " || ':' || weight, ',' ORDER BY dataset_id)"
            : "group_concat(" + postingKey + " || ':' || weight, ',')"
        var postings: [String: SearchSnapshot.Postings] = [:]
        for row in try await sql.raw("SELECT term, " + postingList + " AS list FROM \(ident: SearchIndex.termsTable) WHERE municipality_id = \(bind: municipalityID) GROUP BY term").all() {
            var list = SearchSnapshot.Postings(docs: [], weights: [])
            for entry in try row.decode(column: "list", as: String.self).split(separator: ",") {
                guard let colon = entry.firstIndex(of: ":"), let doc = number[String(entry[..<colon])],
                      let weight = UInt8(entry[entry.index(after: colon)...]) else { continue }
                list.docs.append(doc)
                list.weights.append(weight)
            }
            if !isSorted(list.docs) {
                let order = list.docs.indices.sorted { list.docs[$0] < list.docs[$1] }
                list = SearchSnapshot.Postings(docs: order.map { list.docs[$0] }, weights: order.map { list.weights[$0] })
            }
            if !list.docs.isEmpty { postings[try row.decode(column: "term", as: String.self)] = list }
        }

        let facetList: SQLQueryString = postgres
            ? "string_agg(" + postingKey + ", ',' ORDER BY dataset_id)"
            : "group_concat(" + postingKey + ", ',')"
        var facets: [String: [SearchSnapshot.FacetValue]] = [:]
        for row in try await sql.raw("SELECT facet, value, display, " + facetList + " AS list FROM \(ident: SearchIndex.facetsTable) WHERE municipality_id = \(bind: municipalityID) GROUP BY facet, value, display").all() {
            let docs = try row.decode(column: "list", as: String.self).split(separator: ",").compactMap { number[String($0)] }.sorted()
            guard !docs.isEmpty else { continue }
            facets[try row.decode(column: "facet", as: String.self), default: []].append(SearchSnapshot.FacetValue(
                value: try row.decode(column: "value", as: String.self), display: try row.decode(column: "display", as: String.self), docs: docs))
        }
        return SearchSnapshot(ids: ids, modifiedDay: days, modifiedAt: modified, postings: postings, facets: facets)
    }

    /// Most versions one update applies; further behind, the snapshot is built whole.
    static let updateLimit = 2_000
    /// Change-log rows kept per municipality: an instance further behind than this builds whole.
    static let changeLogKept: Int64 = 10_000

    /// `previous` (at version `from`) brought to version `to` from the change log
    /// (`catalog_search_changes`, written by the triggers that raise the version), or nil when the
    /// log does not cover every version in between, too many versions passed, or the snapshot would
    /// carry too many retired numbers (then it is built whole, which also compacts it).
    static func update(_ previous: SearchSnapshot, municipalityID: UUID, from: Int64, to: Int64,
                       on database: any Database) async throws -> SearchSnapshot? {
        guard to > from, to - from <= Int64(updateLimit) else { return nil }
        let sql = try database.sql(for: "the catalogue")
        let log = try await sql.raw("""
            SELECT version, dataset_id FROM \(ident: changesTable) WHERE municipality_id = \(bind: municipalityID) \
            AND version > \(bind: from) AND version <= \(bind: to)
            """).all()
        var versions = Set<Int64>(), changed = Set<UUID>()
        for row in log {
            versions.insert(try row.decode(column: "version", as: Int64.self))
            changed.insert(try row.decode(column: "dataset_id", as: UUID.self))
        }
        guard versions.count == Int(to - from) else { return nil }
        guard previous.retiredCount + changed.count <= max(1_000, previous.ids.count / 10) else { return nil }

        var published: [UUID: SearchSnapshot.Changes.Published] = [:]
        let ids = Array(changed)
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let list = SQLList(chunk.map { SQLBind($0) })
            for row in try await sql.raw("""
                SELECT id, modified_day, modified_at FROM \(ident: Dataset.schema) WHERE municipality_id = \(bind: municipalityID) \
                AND state = \(bind: Dataset.State.published.rawValue) AND id IN (\(list))
                """).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                published[id] = .init(id: id, modifiedDay: Int32(try row.decode(column: "modified_day", as: Int.self)),
                                      modifiedAt: try row.decode(column: "modified_at", as: Date.self).timeIntervalSince1970)
            }
            for row in try await sql.raw("""
                SELECT dataset_id, term, weight FROM \(ident: SearchIndex.termsTable) WHERE municipality_id = \(bind: municipalityID) \
                AND dataset_id IN (\(list))
                """).all() {
                let id = try row.decode(column: "dataset_id", as: UUID.self)
                guard published[id] != nil, let weight = UInt8(exactly: try row.decode(column: "weight", as: Int.self)) else { continue }
                published[id]!.terms.append((try row.decode(column: "term", as: String.self), weight))
            }
            for row in try await sql.raw("""
                SELECT dataset_id, facet, value, display FROM \(ident: SearchIndex.facetsTable) WHERE municipality_id = \(bind: municipalityID) \
                AND dataset_id IN (\(list))
                """).all() {
                let id = try row.decode(column: "dataset_id", as: UUID.self)
                guard published[id] != nil else { continue }
                published[id]!.facets.append((try row.decode(column: "facet", as: String.self), try row.decode(column: "value", as: String.self),
                                              try row.decode(column: "display", as: String.self)))
            }
        }
        try await pruneChangeLog(municipalityID: municipalityID, before: to, on: database)
        return previous.updated(with: .init(changed: changed, published: Array(published.values)))
    }

    static let changesTable = "catalog_search_changes"

    /// Forgets change-log rows more than `changeLogKept` versions before `version`.
    static func pruneChangeLog(municipalityID: UUID, before version: Int64, on database: any Database) async throws {
        let sql = try database.sql(for: "the catalogue")
        try await sql.raw("""
            DELETE FROM \(ident: changesTable) WHERE municipality_id = \(bind: municipalityID) AND version <= \(bind: version - changeLogKept)
            """).run()
    }

    private static func isSorted(_ docs: [Int32]) -> Bool {
        zip(docs, docs.dropFirst()).allSatisfy { $0 < $1 }
    }
}
