import Catalog
import MadoguchiCore

/// The CKAN actions' integer and identifier parameters with their bounds, as CKAN's own
/// validators define them (`natural_number_validator` for offsets, `limit` clamped to the
/// configured maximum); the search parameters are `SearchLimits`.
enum CKANParameters {
    /// Every action the API implements: `CKANAction.run` answers only these (anything else is
    /// CKAN's "Action name not known"), and the robustness test and the OpenAPI document cover
    /// each of them, so a new action must be listed here to be reachable at all.
    static let actions = ["status_show", "license_list", "package_list", "current_package_list_with_resources", "package_search",
                          "package_show", "resource_show", "organization_list", "organization_show", "group_list", "group_show",
                          "tag_list", "package_create", "package_update", "package_patch", "package_delete", "resource_create"]

    /// The parameters CKAN's package_search accepts (its schema and the Solr parameters it passes on,
    /// plus `ext_…` for extensions). Anything else is CKAN's Search Query Error (400), so a misspelt
    /// parameter is reported rather than ignored. Madoguchi uses q, fq, rows, start, sort, facet.field
    /// and facet.limit; the rest are accepted and have no effect (`fl`: whole dictionaries are returned;
    /// `include_private`/`include_drafts`: drafts are never in search).
    static let packageSearchParameters: Set<String> = [
        "q", "fl", "fq", "fq_list", "rows", "sort", "start", "qf", "bf", "boost", "tie", "defType", "mm", "df", "wt",
        "facet", "facet.mincount", "facet.limit", "facet.field", "extras",
        "include_private", "include_drafts", "include_deleted", "use_default_schema",
    ]

    /// package_search parameters CKAN would refuse (at most five named, each cut to 40 characters).
    static func unknownSearchParameters(_ names: some Sequence<String>) -> [String] {
        names.filter { !packageSearchParameters.contains($0) && !$0.hasPrefix("ext_") }.sorted().prefix(5).map { String($0.prefix(40)) }
    }

    /// The furthest offset a list may skip to (the same as package_search's `start`).
    static let maxOffset = SearchLimits.maxStart

    static let packageListLimit = IntegerParameter("limit", in: 0...1000, clampingAbove: true)
    static let offset = IntegerParameter("offset", in: 0...maxOffset)

    /// An id or name of a dataset, resource, organisation or group.
    static func identifier(_ name: String) -> TextParameter { TextParameter(name, maxLength: 200) }
}
