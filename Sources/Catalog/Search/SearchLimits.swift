import MadoguchiCore

/// The bounds of every search, whoever asks: the HTML search, package_search, a benchmark.
///
/// One bind value goes into the statement per term and one subquery per filter, so the text,
/// its terms and the filters are bounded here, in the search layer, not by each caller. The CKAN
/// parameters are refused with a named field when beyond them; `SearchQuery.init` clamps.
public enum SearchLimits {
    /// Characters of free text (the HTML search box has the same `maxlength`).
    public static let maxTextLength = 200
    /// Distinct terms (words and Japanese bigrams) a query may hold.
    public static let maxTerms = 64
    /// `fq` clauses, each a subquery.
    public static let maxFilterClauses = 20
    /// The furthest `start` a search may skip to; no catalogue comes near it.
    public static let maxStart = 1_000_000

    public static let text = TextParameter("q", maxLength: maxTextLength, maxTerms: maxTerms)
    public static let filterQuery = TextParameter("fq", maxLength: 2000, maxTerms: maxFilterClauses)
    public static let sort = TextParameter("sort", maxLength: 100)
    /// Each `facet.field` entry and the whole list as sent (a JSON list in a string).
    public static let facetField = TextParameter("facet.field", maxLength: 400)
    /// CKAN clamps rows to its configured maximum (1000); negative rows are refused.
    public static let rows = IntegerParameter("rows", in: 0...SearchQuery.maxRows, clampingAbove: true)
    public static let start = IntegerParameter("start", in: 0...maxStart)
    /// `-1` (CKAN: no limit) means the most facet values shown, 1000.
    public static let facetLimit = IntegerParameter("facet.limit", in: -1...1000, clampingAbove: true)

    /// Terms as the search counts them.
    public static func termCount(_ text: String) -> Int { DatasetSearch.allQueryTerms(text).count }
}
