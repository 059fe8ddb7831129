import MadoguchiCore

/// A package_search request in CKAN's terms, parsed and bounded.
public struct SearchQuery: Sendable, Equatable {
    /// Free text; `*:*` or empty lists everything.
    public var text: String
    /// Facet filters (CKAN fq): field → required values (all must hold).
    public var filters: [FacetFilter]
    public var sort: SearchSort
    public var rows: Int
    public var start: Int
    public var facetFields: [String]
    public var facetLimit: Int

    public static let maxRows = 1000
    public static let facetableFields = ["organization", "groups", "tags", "res_format", "license_id", "standard_dataset"]

    /// Every value is brought within `SearchLimits` (text and filters cut, numbers clamped), so
    /// no caller can build an unbounded search.
    public init(text: String = "*:*", filters: [FacetFilter] = [], sort: SearchSort = .relevance, rows: Int = 10, start: Int = 0,
                facetFields: [String] = [], facetLimit: Int = 50) {
        self.text = String(text.prefix(SearchLimits.maxTextLength))
        self.filters = Array(filters.prefix(SearchLimits.maxFilterClauses))
        self.sort = sort
        self.rows = min(max(rows, 0), SearchQuery.maxRows)
        self.start = min(max(start, 0), SearchLimits.maxStart)
        self.facetFields = Array(facetFields.filter(SearchQuery.facetableFields.contains).prefix(SearchQuery.facetableFields.count))
        self.facetLimit = min(max(facetLimit, 0), 1000)
    }

    /// Parses CKAN parameters as sent (query-string text or JSON values), within `SearchLimits`:
    /// a value beyond them is a `ParameterError` naming the parameter; unknown fields and sorts
    /// are `CatalogError`s. `rows` above 1000 is clamped, as CKAN does.
    public static func ckan(q: Any?, fq: Any?, sort: Any?, rows: Any?, start: Any?,
                            facetFields: [String]?, facetLimit: Any?) throws -> SearchQuery {
        let text = try SearchLimits.text.parse(q, countTerms: SearchLimits.termCount)
        let filterText = try SearchLimits.filterQuery.parse(fq, countTerms: FacetFilter.clauseCount)
        let sortText = try SearchLimits.sort.parse(sort)
        let rows = try SearchLimits.rows.parse(rows, default: 10)
        let start = try SearchLimits.start.parse(start, default: 0)
        var facetLimit = try SearchLimits.facetLimit.parse(facetLimit, default: 50)
        if facetLimit < 0 { facetLimit = SearchLimits.facetLimit.range.upperBound }
        let fields = facetFields ?? []
        for field in fields where !facetableFields.contains(field) {
            let shown = String(field.prefix(40))
            throw CatalogError(.invalidInput, ja: "集計できない項目です: \(shown)", en: "Cannot facet on \(shown)", field: "facet.field")
        }
        return SearchQuery(text: text ?? "*:*", filters: try FacetFilter.parse(filterText ?? ""), sort: try SearchSort(ckan: sortText),
                           rows: rows, start: start, facetFields: fields, facetLimit: facetLimit)
    }
}

/// One `field:value` clause of CKAN's fq.
public struct FacetFilter: Sendable, Equatable {
    public let field: String
    public let value: String
    public init(field: String, value: String) { self.field = field; self.value = value }

    /// Parses `organization:bousai tags:"避難 所" +res_format:CSV`; clauses are ANDed.
    public static func parse(_ fq: String) throws(CatalogError) -> [FacetFilter] {
        var filters: [FacetFilter] = []
        var rest = Substring(fq)
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "+" })
            if rest.hasPrefix("AND ") { rest = rest.dropFirst(4); continue }
            guard !rest.isEmpty else { break }
            guard let colon = rest.firstIndex(of: ":") else { throw invalid(String(rest)) }
            let field = String(rest[..<colon])
            var after = rest[rest.index(after: colon)...]
            let value: String
            if after.first == "\"" {
                after = after.dropFirst()
                guard let close = after.firstIndex(of: "\"") else { throw invalid(String(rest)) }
                value = String(after[..<close])
                rest = after[after.index(after: close)...]
            } else {
                let end = after.firstIndex(of: " ") ?? after.endIndex
                value = String(after[..<end])
                rest = after[end...]
            }
            guard SearchQuery.facetableFields.contains(field), !value.isEmpty else { throw invalid(field) }
            filters.append(FacetFilter(field: field, value: value))
        }
        return filters
    }

    static func invalid(_ clause: String) -> CatalogError {
        let shown = String(clause.prefix(40))
        return CatalogError(.invalidInput, ja: "fq の指定が正しくありません: \(shown)", en: "Invalid fq clause: \(shown)", field: "fq")
    }

    /// Clauses in an fq as `parse` reads them (a quoted value counts once), for `SearchLimits`.
    static func clauseCount(_ fq: String) -> Int {
        var count = 0, quoted = false
        var token = ""
        func close() {
            if !token.isEmpty, token != "AND" { count += 1 }
            token = ""
        }
        for character in fq {
            if character == "\"" { quoted.toggle() }
            if !quoted, character == " " || (character == "+" && token.isEmpty) { close(); continue }
            token.append(character)
        }
        close()
        return count
    }
}

/// The orders package_search offers.
public enum SearchSort: String, Sendable, Equatable {
    case relevance = "score desc, metadata_modified desc"
    case modifiedDescending = "metadata_modified desc"
    case modifiedAscending = "metadata_modified asc"
    case createdDescending = "metadata_created desc"
    case createdAscending = "metadata_created asc"
    case titleAscending = "title_string asc"
    case titleDescending = "title_string desc"
    case nameAscending = "name asc"
    case nameDescending = "name desc"

    init(ckan: String?) throws(CatalogError) {
        guard let ckan, !ckan.isEmpty else { self = .relevance; return }
        let normalized = ckan.lowercased().split(separator: ",").map { $0.split(separator: " ").joined(separator: " ") }.joined(separator: ", ")
        if normalized == "score desc" { self = .relevance; return }
        guard let sort = SearchSort(rawValue: normalized) else {
            throw CatalogError(.invalidInput, ja: "並べ替えの指定が正しくありません: \(ckan)", en: "Unsupported sort: \(ckan)", field: "sort")
        }
        self = sort
    }

    /// The dataset column `orderBy` needs besides the id, the score and `modified_at` (which the
    /// matched rows of the SQL search always carry), if any.
    var column: String? {
        switch self {
        case .relevance, .modifiedDescending, .modifiedAscending: return nil
        case .createdDescending, .createdAscending: return "created_at"
        case .titleAscending, .titleDescending: return "title"
        case .nameAscending, .nameDescending: return "name"
        }
    }

    var orderBy: String {
        switch self {
        case .relevance: return "score DESC, modified_at DESC"
        case .modifiedDescending: return "modified_at DESC"
        case .modifiedAscending: return "modified_at ASC"
        case .createdDescending: return "created_at DESC"
        case .createdAscending: return "created_at ASC"
        case .titleAscending: return "title ASC"
        case .titleDescending: return "title DESC"
        case .nameAscending: return "name ASC"
        case .nameDescending: return "name DESC"
        }
    }
}
