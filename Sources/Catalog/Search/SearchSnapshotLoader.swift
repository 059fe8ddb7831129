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

    private static func isSorted(_ docs: [Int32]) -> Bool {
        zip(docs, docs.dropFirst()).allSatisfy { $0 < $1 }
    }
}
