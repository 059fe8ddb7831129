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

    public init(text: String = "*:*", filters: [FacetFilter] = [], sort: SearchSort = .relevance, rows: Int = 10, start: Int = 0,
                facetFields: [String] = [], facetLimit: Int = 50) {
        self.text = text
        self.filters = filters
        self.sort = sort
        self.rows = min(max(rows, 0), SearchQuery.maxRows)
        self.start = max(start, 0)
        self.facetFields = facetFields
        self.facetLimit = facetLimit
    }

    /// Parses CKAN parameters; unknown fields and sorts are Search Query Errors.
    public static func ckan(q: String?, fq: String?, sort: String?, rows: Int?, start: Int?,
                            facetFields: [String]?, facetLimit: Int?) throws(CatalogError) -> SearchQuery {
        if let rows, rows > maxRows || rows < 0 {
            throw CatalogError(.invalidInput, ja: "rows は 0〜\(maxRows) で指定してください", en: "rows must be between 0 and \(maxRows)", field: "rows")
        }
        let fields = facetFields ?? []
        for field in fields where !facetableFields.contains(field) {
            throw CatalogError(.invalidInput, ja: "集計できない項目です: \(field)", en: "Cannot facet on \(field)", field: "facet.field")
        }
        return SearchQuery(text: q ?? "*:*", filters: try FacetFilter.parse(fq ?? ""), sort: try SearchSort(ckan: sort),
                           rows: rows ?? 10, start: start ?? 0, facetFields: fields, facetLimit: facetLimit ?? 50)
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
        CatalogError(.invalidInput, ja: "fq の指定が正しくありません: \(clause)", en: "Invalid fq clause: \(clause)", field: "fq")
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
