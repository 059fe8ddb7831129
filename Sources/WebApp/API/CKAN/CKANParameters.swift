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

    /// The furthest offset a list may skip to (the same as package_search's `start`).
    static let maxOffset = SearchLimits.maxStart

    static let packageListLimit = IntegerParameter("limit", in: 0...1000, clampingAbove: true)
    static let offset = IntegerParameter("offset", in: 0...maxOffset)

    /// An id or name of a dataset, resource, organisation or group.
    static func identifier(_ name: String) -> TextParameter { TextParameter(name, maxLength: 200) }
}
