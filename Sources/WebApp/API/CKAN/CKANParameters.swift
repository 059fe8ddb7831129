import Catalog
import MadoguchiCore

/// The CKAN actions' integer and identifier parameters with their bounds, as CKAN's own
/// validators define them (`natural_number_validator` for offsets, `limit` clamped to the
/// configured maximum); the search parameters are `SearchLimits`.
enum CKANParameters {
    /// The furthest offset a list may skip to (the same as package_search's `start`).
    static let maxOffset = SearchLimits.maxStart

    static let packageListLimit = IntegerParameter("limit", in: 0...1000, clampingAbove: true)
    static let offset = IntegerParameter("offset", in: 0...maxOffset)

    /// An id or name of a dataset, resource, organisation or group.
    static func identifier(_ name: String) -> TextParameter { TextParameter(name, maxLength: 200) }
}
