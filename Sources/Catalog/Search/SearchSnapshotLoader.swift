import FluentKit
import Foundation
import CSystemMemory
import MadoguchiCore
import SQLKit

/// Reads a municipality's index tables into a `SearchSnapshot`: the published datasets, then their
/// postings and facet lists, each aggregated into one text value per term or value (decoding
/// millions of single rows would take far longer than the database takes to produce them), and a
/// list's dataset ids are read from the text's bytes straight into `UUID`s.
///
/// The postings are read a range of terms at a time, about `postingsPerStatement` postings each (a
/// term's list is never split): at 100,000 datasets the whole lists are over 100 MB of text, which a
/// driver may hold all at once before the rows are handled (SQLite's hands each row to the event
/// loop as a separate task, and its thread produces them faster than the loop parses them), so a
/// statement's text stays a few MB; the facet lists are read one facet at a time for the same reason.
public enum SearchSnapshotLoader {
    static func load(municipalityID: UUID, on database: any Database, postingsPerStatement: Int = postingsPerStatement) async throws -> SearchSnapshot {
        let sql = try database.sql(for: "the catalogue")
        let postgres = sql.dialect.name == "postgresql"
        // The key a dataset id has in the aggregated lists: its text (SQLite keeps the ids Fluent
        // writes as text already; one stored as 16 bytes is written as 32 hex digits).
        let postingKey: SQLQueryString = postgres ? "dataset_id::text" : "(CASE WHEN typeof(dataset_id) = 'blob' THEN hex(dataset_id) ELSE dataset_id END)"

        struct Docs { var ids: [UUID] = [], days: [Int32] = [], modified: [Double] = [], number: [UUID: Int32] = [:] }
        let published = RowsInto(Docs())
        try await sql.raw("SELECT id, modified_day, modified_at FROM \(ident: Dataset.schema) WHERE municipality_id = \(bind: municipalityID) AND state = \(bind: Dataset.State.published.rawValue) ORDER BY id").run { row in
            published.add { docs in
                let id = try row.decode(column: "id", as: UUID.self)
                docs.number[id] = Int32(docs.ids.count)
                docs.ids.append(id)
                docs.days.append(Int32(try row.decode(column: "modified_day", as: Int.self)))
                docs.modified.append(try row.decode(column: "modified_at", as: Date.self).timeIntervalSince1970)
            }
        }
        let docs = try published.result()
        let numbers = docs.number

        let postingList: SQLQueryString = postgres
            ? "string_agg(" + postingKey + " || ':' || weight, ',' ORDER BY dataset_id)"
            : "group_concat(" + postingKey + " || ':' || weight, ',')"
        let postings = RowsInto([String: SearchSnapshot.Postings]())
        // Each statement reads the terms up to the one about `postingsPerStatement` postings further in
        // term order (found by an offset into the covering index (municipality, term, dataset, weight),
        // which both databases walk without a sort): a term count alone bounds nothing, as a few
        // hundred common bigrams hold nearly all of 100,000 datasets' postings.
        var after: String?
        while true {
            let from: SQLQueryString = after.map { " AND term > \(bind: $0)" } ?? ""
            let boundary = try await sql.raw("SELECT term FROM \(ident: SearchIndex.termsTable) WHERE municipality_id = \(bind: municipalityID)"
                                             + from + " ORDER BY term LIMIT 1 OFFSET \(unsafeRaw: String(postingsPerStatement))").first()
                .map { try $0.decode(column: "term", as: String.self) }
            let upTo: SQLQueryString = boundary.map { " AND term <= \(bind: $0)" } ?? ""
            try await sql.raw("SELECT term, " + postingList + " AS list FROM \(ident: SearchIndex.termsTable) WHERE municipality_id = \(bind: municipalityID)"
                              + from + upTo + " GROUP BY term").run { row in
                postings.add { lists in
                    let term = try row.decode(column: "term", as: String.self)
                    let entries = try row.decode(column: "list", as: String.self).utf8.split(separator: UInt8(ascii: ","))
                    var list = SearchSnapshot.Postings(docs: [], weights: [])
                    list.docs.reserveCapacity(entries.count)
                    list.weights.reserveCapacity(entries.count)
                    for entry in entries {
                        guard let colon = entry.firstIndex(of: UInt8(ascii: ":")), let id = parseUUID(entry[..<colon]), let doc = numbers[id],
                              let weight = parseWeight(entry[entry.index(after: colon)...]) else { continue }
                        list.docs.append(doc)
                        list.weights.append(weight)
                    }
                    if !isSorted(list.docs) {
                        let order = list.docs.indices.sorted { list.docs[$0] < list.docs[$1] }
                        list = SearchSnapshot.Postings(docs: order.map { list.docs[$0] }, weights: order.map { list.weights[$0] })
                    }
                    if !list.docs.isEmpty { lists[term] = list }
                }
            }
            guard let boundary else { break }
            after = boundary
        }
        let allPostings = try postings.result()

        // Facet lists are few (a value per licence, format, tag…) but hold every dataset once per facet
        // (some 15 MB of text at 100,000 datasets): one statement per facet.
        let facetList: SQLQueryString = postgres
            ? "string_agg(" + postingKey + ", ',' ORDER BY dataset_id)"
            : "group_concat(" + postingKey + ", ',')"
        let facets = RowsInto([String: [SearchSnapshot.FacetValue]]())
        let names = try await sql.raw("SELECT DISTINCT facet FROM \(ident: SearchIndex.facetsTable) WHERE municipality_id = \(bind: municipalityID)").all()
            .map { try $0.decode(column: "facet", as: String.self) }
        for name in names {
            try await sql.raw("SELECT facet, value, display, " + facetList + " AS list FROM \(ident: SearchIndex.facetsTable) WHERE municipality_id = \(bind: municipalityID) AND facet = \(bind: name) GROUP BY facet, value, display").run { row in
                facets.add { all in
                    let docs = try row.decode(column: "list", as: String.self).utf8.split(separator: UInt8(ascii: ","))
                        .compactMap { parseUUID($0).flatMap { numbers[$0] } }.sorted()
                    guard !docs.isEmpty else { return }
                    all[try row.decode(column: "facet", as: String.self), default: []].append(SearchSnapshot.FacetValue(
                        value: try row.decode(column: "value", as: String.self), display: try row.decode(column: "display", as: String.self), docs: docs))
                }
            }
        }
        let allFacets = try facets.result()
        let snapshot = SearchSnapshot(ids: docs.ids, numbers: numbers, modifiedDay: docs.days, modifiedAt: docs.modified,
                                      postings: allPostings, facets: allFacets)
        returnFreedMemory()
        return snapshot
    }

    /// Hands back to the system the memory the build's transient text used: glibc keeps freed heap
    /// memory in its arenas, which at 100,000 datasets left the server some 75 MB above what the
    /// snapshot itself holds (bench/catalog/README.md).
    private static func returnFreedMemory() {
        madoguchi_return_freed_memory()
    }

    /// A UUID from its text as the databases write it: 32 hex digits, dashes anywhere ignored.
    static func parseUUID(_ text: Substring.UTF8View) -> UUID? {
        var bytes = [UInt8](repeating: 0, count: 16)
        var nibbles = 0
        for c in text {
            let value: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = c - UInt8(ascii: "A") + 10
            case UInt8(ascii: "-"): continue
            default: return nil
            }
            guard nibbles < 32 else { return nil }
            bytes[nibbles >> 1] |= nibbles & 1 == 0 ? value << 4 : value
            nibbles += 1
        }
        guard nibbles == 32 else { return nil }
        return UUID(bytes: bytes)
    }

    private static func parseWeight(_ text: Substring.UTF8View) -> UInt8? {
        var value = 0
        for c in text {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
            guard value <= 255 else { return nil }
        }
        return text.isEmpty ? nil : UInt8(value)
    }

    /// What rows streamed from the database build up, one row at a time (the driver calls back on its
    /// own thread); the first error a row raised is thrown by `result`.
    private final class RowsInto<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value
        private var error: (any Error)?
        init(_ value: Value) { self.value = value }
        func add(_ body: (inout Value) throws -> Void) {
            lock.lock(); defer { lock.unlock() }
            guard error == nil else { return }
            do { try body(&value) } catch { self.error = error }
        }
        func result() throws -> Value {
            lock.lock(); defer { lock.unlock() }
            if let error { throw error }
            return value
        }
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

        // Index rows are read by dataset id alone (ids are unique across municipalities, and only the
        // municipality's published ones are kept), so the database uses the dataset index instead of
        // scanning the municipality's postings.
        var published: [UUID: SearchSnapshot.Changes.Published] = [:]
        for chunk in Array(changed).chunked(500) {
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
                SELECT dataset_id, term, weight FROM \(ident: SearchIndex.termsTable) WHERE dataset_id IN (\(list))
                """).all() {
                let id = try row.decode(column: "dataset_id", as: UUID.self)
                guard published[id] != nil, let weight = UInt8(exactly: try row.decode(column: "weight", as: Int.self)) else { continue }
                published[id]!.terms.append((try row.decode(column: "term", as: String.self), weight))
            }
            for row in try await sql.raw("""
                SELECT dataset_id, facet, value, display FROM \(ident: SearchIndex.facetsTable) WHERE dataset_id IN (\(list))
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

    /// About how many postings one statement of a whole build reads (it reads whole terms: up to
    /// this many plus the last term's list). 50,000 postings are about 2 MB of text.
    public static let postingsPerStatement = 50_000

    private static func isSorted(_ docs: [Int32]) -> Bool {
        zip(docs, docs.dropFirst()).allSatisfy { $0 < $1 }
    }
}
