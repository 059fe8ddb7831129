import FluentKit
import Foundation
import MadoguchiCore

/// package_search over the catalogue: the page's packages in ranked order and the facet counts,
/// for the CKAN API (`CKANSearchResult`) and the public search page alike.
extension CKANReadModel {
    public struct SearchPage {
        public let count: Int
        public let packages: [CKANPackage]
        /// facet field → values, most frequent first.
        public let facets: [String: [DatasetSearch.FacetCount]]
    }

    public func search(_ query: SearchQuery, today: CivilDate = .today()) async throws -> SearchPage {
        let result = try await DatasetSearch.run(query, municipalityID: municipalityID, today: today, on: db)
        let packages = try await packages(try await DatasetSearch.datasets(for: result, on: db))
        return SearchPage(count: result.count, packages: packages, facets: result.facets)
    }

    /// package_search's result in CKAN's shape; `sort` is echoed as the client sent it.
    public func packageSearch(_ query: SearchQuery, sort: String?) async throws -> CKANSearchResult {
        CKANSearchResult(try await search(query), sort: sort ?? SearchSort.relevance.rawValue)
    }
}

/// package_search's result as CKAN returns it: `facets` (field → value → count) and `search_facets`
/// (field → title and items with display names), for the fields asked in `facet.field`.
public struct CKANSearchResult: Encodable, Sendable {
    public let count: Int
    public let sort: String
    public let results: [CKANPackage]
    public let facets: [String: [String: Int]]
    public let search_facets: [String: SearchFacet]

    public struct SearchFacet: Encodable, Sendable {
        public struct Item: Encodable, Sendable { public let name: String; public let display_name: String; public let count: Int }
        public let title: String
        public let items: [Item]
    }

    init(_ page: CKANReadModel.SearchPage, sort: String) {
        count = page.count
        self.sort = sort
        results = page.packages
        var facets: [String: [String: Int]] = [:]
        var searchFacets: [String: SearchFacet] = [:]
        for (field, counts) in page.facets {
            facets[field] = Dictionary(counts.map { ($0.name, $0.count) }, uniquingKeysWith: +)
            searchFacets[field] = SearchFacet(title: field, items: counts.map { .init(name: $0.name, display_name: $0.displayName, count: $0.count) })
        }
        self.facets = facets
        search_facets = searchFacets
    }
}
