import FluentKit
import MadoguchiCore
import SQLKit

/// catalog.0006: covering indexes for search. A term's postings carry their weight, and a matched
/// dataset's facet rows are read from the index alone, so a search touches no table rows of either
/// table (on 100,000 datasets this is most of the time a query took; bench/catalog/README.md).
struct AddSearchCoveringIndexes: AsyncMigration {
    var name: String { "catalog.0006.search_covering_indexes" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql(for: "the catalogue")
        try await sql.create(index: "catalog_search_terms_postings").on(SearchIndex.termsTable)
            .column("municipality_id").column("term").column("dataset_id").column("weight").run()
        try await sql.drop(index: "catalog_search_terms_lookup").run()
        try await sql.create(index: "catalog_dataset_facets_of_dataset").on(SearchIndex.facetsTable)
            .column("dataset_id").column("facet").column("value").column("display").run()
        try await sql.drop(index: "catalog_dataset_facets_dataset").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql(for: "the catalogue")
        try await sql.create(index: "catalog_dataset_facets_dataset").on(SearchIndex.facetsTable).column("dataset_id").run()
        try await sql.drop(index: "catalog_dataset_facets_of_dataset").run()
        try await sql.create(index: "catalog_search_terms_lookup").on(SearchIndex.termsTable)
            .column("municipality_id").column("term").column("dataset_id").run()
        try await sql.drop(index: "catalog_search_terms_postings").run()
    }
}
