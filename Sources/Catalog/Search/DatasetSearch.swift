import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// Runs package_search over the inverted index with plain SQL that SQLite and PostgreSQL both
/// accept: every query bigram must be present (so 避難 matches 指定緊急避難場所一覧), ranked by
/// summed field weights plus a small recency bonus, filtered and counted by facet rows.
public enum DatasetSearch {
    /// One facet value and how many matching datasets carry it.
    public struct FacetCount: Sendable, Codable, Equatable {
        public let name: String
        public let displayName: String
        public let count: Int
    }

    public struct Result: Sendable, Equatable {
        public let count: Int
        /// The page's dataset ids in ranked order.
        public let datasetIDs: [UUID]
        /// facet field → values, most frequent first, at most `facetLimit`.
        public let facets: [String: [FacetCount]]
    }

    /// Answers from the municipality's in-memory snapshot (`SearchSnapshots`) when the catalogue's
    /// version matches it, else from SQL (a large catalogue's new snapshot is built meanwhile).
    /// Sorts other than relevance and a one-character Japanese query (a prefix match over bigrams)
    /// always take the SQL path.
    public static func run(_ query: SearchQuery, municipalityID: UUID, today: CivilDate = .today(),
                           on database: any Database) async throws -> Result {
        let terms = queryTerms(query.text)
        if query.sort == .relevance, !(terms.count == 1 && SearchTokenizer.isSingleCJK(terms[0])),
           let result = try? await SearchSnapshots.shared.runIfReady(query, municipalityID: municipalityID, on: database) {
            return result
        }
        return try await runSQL(query, municipalityID: municipalityID, today: today, on: database)
    }

    /// The same search in SQL alone, over the index tables: the path for what the snapshot does
    /// not answer, and the reference the snapshot is tested against.
    public static func runSQL(_ query: SearchQuery, municipalityID: UUID, today: CivilDate = .today(),
                              on database: any Database) async throws -> Result {
        // One statement: the matched set is computed once and read three times (count, page, facets),
        // told apart by `part`. Page rows carry their rank in `pos`.
        var statement = matchedCTE(query, municipalityID: municipalityID, today: today)
        statement = statement + "SELECT 0 AS part, NULL AS id, '' AS facet, '' AS value, '' AS display, COUNT(*) AS n, 0 AS pos FROM matched"
        if query.rows > 0 {
            let order = SQLQueryString("\(unsafeRaw: query.sort.orderBy), id")
            statement = statement + " UNION ALL SELECT 1, p.id, '', '', '', 0, ROW_NUMBER() OVER (ORDER BY " + order
                + ") FROM (SELECT * FROM matched ORDER BY " + order
                + " LIMIT \(unsafeRaw: String(query.rows)) OFFSET \(unsafeRaw: String(query.start))) p"
        }
        let fields = query.facetFields.filter(SearchQuery.facetableFields.contains)
        if !fields.isEmpty {
            // Read in the lookup index's order (municipality, facet, value, dataset), so the groups come
            // out one after the other; a join with `matched` instead had SQLite index the matched rows and
            // sort every facet row of the matches (48 MB for the whole catalogue of 100,000 datasets).
            statement = statement + " UNION ALL SELECT 2, NULL, f.facet, f.value, MIN(f.display), COUNT(*), 0 FROM \(ident: SearchIndex.facetsTable) f WHERE f.municipality_id = \(bind: municipalityID) AND f.facet IN ("
            for (index, field) in fields.enumerated() { statement = statement + (index == 0 ? "" : ", ") + "\(bind: field)" }
            statement = statement + ") AND f.dataset_id IN (SELECT id FROM matched) GROUP BY f.facet, f.value"
        }
        var count = 0
        var page: [(pos: Int, id: UUID)] = []
        var facets: [String: [FacetCount]] = [:]
        for row in try await database.sql(for: "the catalogue").raw(statement).all() {
            switch try row.decode(column: "part", as: Int.self) {
            case 0: count = try row.decode(column: "n", as: Int.self)
            case 1: page.append((try row.decode(column: "pos", as: Int.self), try row.decode(column: "id", as: UUID.self)))
            default:
                let field = try row.decode(column: "facet", as: String.self)
                facets[field, default: []].append(FacetCount(name: try row.decode(column: "value", as: String.self),
                                                             displayName: try row.decode(column: "display", as: String.self),
                                                             count: try row.decode(column: "n", as: Int.self)))
            }
        }
        for field in fields {
            facets[field] = Array((facets[field] ?? []).sorted { ($0.count, $1.name) > ($1.count, $0.name) }.prefix(max(query.facetLimit, 0)))
        }
        return Result(count: count, datasetIDs: page.sorted { $0.pos < $1.pos }.map(\.id), facets: facets)
    }

    /// Loads the page's datasets in ranked order.
    public static func datasets(for result: Result, on database: any Database) async throws -> [Dataset] {
        guard !result.datasetIDs.isEmpty else { return [] }
        let rows = try await Dataset.query(on: database).filter(\.$id ~~ result.datasetIDs).all()
        let byID = Dictionary(uniqueKeysWithValues: rows.compactMap { row in row.id.map { ($0, row) } })
        return result.datasetIDs.compactMap { byID[$0] }
    }

    /// `WITH matched AS (…)`: published datasets of the municipality that hold every query term and every filter.
    static func matchedCTE(_ query: SearchQuery, municipalityID: UUID, today: CivilDate) -> SQLQueryString {
        let terms = queryTerms(query.text)
        // The matched rows carry only the id, the score and the column the sort needs: the whole
        // catalogue's titles and names would be held in memory for a page of 20.
        let sortColumn = query.sort.column.map { "d.\($0) AS \($0), " } ?? ""
        var sql: SQLQueryString = "WITH matched AS MATERIALIZED (SELECT d.id AS id, d.modified_at AS modified_at, \(unsafeRaw: sortColumn)"
        sql = sql + "\(unsafeRaw: terms.isEmpty ? "0" : "t.relevance") + (d.modified_day - \(unsafeRaw: String(today.dayNumber))) / 365.0 AS score FROM \(ident: Dataset.schema) d "
        if !terms.isEmpty {
            sql = sql + "JOIN (SELECT dataset_id, SUM(weight) AS relevance FROM \(ident: SearchIndex.termsTable) WHERE municipality_id = \(bind: municipalityID) AND "
            if terms.count == 1, SearchTokenizer.isSingleCJK(terms[0]) {
                // One kanji or kana: the index holds bigrams, so match those starting with it.
                sql = sql + "term LIKE \(bind: terms[0] + "%") GROUP BY dataset_id"
            } else {
                sql = sql + "term IN ("
                for (index, term) in terms.enumerated() { sql = sql + (index == 0 ? "" : ", ") + "\(bind: term)" }
                sql = sql + ") GROUP BY dataset_id HAVING COUNT(*) = \(unsafeRaw: String(terms.count))"
            }
            sql = sql + ") t ON t.dataset_id = d.id "
        }
        sql = sql + "WHERE d.municipality_id = \(bind: municipalityID) AND d.state = \(bind: Dataset.State.published.rawValue)"
        for filter in query.filters {
            sql = sql + " AND d.id IN (SELECT dataset_id FROM \(ident: SearchIndex.facetsTable) WHERE municipality_id = \(bind: municipalityID) AND facet = \(bind: filter.field) AND value = \(bind: filter.value))"
        }
        return sql + ") "
    }

    /// Distinct query terms, at most `SearchLimits.maxTerms`.
    static func queryTerms(_ text: String) -> [String] {
        Array(allQueryTerms(text).prefix(SearchLimits.maxTerms))
    }

    /// Every distinct query term; `*:*` and field syntax such as `title:` are treated as match-all and plain text.
    static func allQueryTerms(_ text: String) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "*:*" || trimmed == "*" { return [] }
        var seen = Set<String>()
        let terms = SearchTokenizer.terms(in: trimmed).filter { seen.insert($0).inserted }
        let multi = terms.filter { !SearchTokenizer.isSingleCJK($0) }
        return multi.isEmpty ? Array(terms.prefix(1)) : multi
    }
}
