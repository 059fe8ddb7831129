import FluentKit
import MadoguchiCore
import SQLKit

/// catalog.0003: the inverted index (term → dataset) and the facet values of published datasets.
struct CreateSearchIndex: AsyncMigration {
    var name: String { "catalog.0003.create_search_index" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql(for: "the catalogue")
        try await sql.create(table: SearchIndex.termsTable)
            .column("municipality_id", type: .custom(SQLRaw(uuidType(database))), .notNull)
            .column("dataset_id", type: .custom(SQLRaw(uuidType(database))), .notNull)
            .column("term", type: .text, .notNull)
            .column("weight", type: .int, .notNull)
            .run()
        try await sql.create(index: "catalog_search_terms_lookup").on(SearchIndex.termsTable)
            .column("municipality_id").column("term").column("dataset_id").run()
        try await sql.create(index: "catalog_search_terms_dataset").on(SearchIndex.termsTable).column("dataset_id").run()
        try await sql.create(table: SearchIndex.facetsTable)
            .column("municipality_id", type: .custom(SQLRaw(uuidType(database))), .notNull)
            .column("dataset_id", type: .custom(SQLRaw(uuidType(database))), .notNull)
            .column("facet", type: .text, .notNull)
            .column("value", type: .text, .notNull)
            .column("display", type: .text, .notNull)
            .run()
        try await sql.create(index: "catalog_dataset_facets_lookup").on(SearchIndex.facetsTable)
            .column("municipality_id").column("facet").column("value").column("dataset_id").run()
        try await sql.create(index: "catalog_dataset_facets_dataset").on(SearchIndex.facetsTable).column("dataset_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql(for: "the catalogue").drop(table: SearchIndex.facetsTable).run()
        try await database.sql(for: "the catalogue").drop(table: SearchIndex.termsTable).run()
    }
}
