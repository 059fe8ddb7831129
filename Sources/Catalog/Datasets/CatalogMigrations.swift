import FluentKit
import MadoguchiCore
import SQLKit

/// The catalogue's migrations, in order; names are stable because deployed databases record them.
public enum CatalogMigrations {
    public static let all: [any Migration] = [CreateDatasets(), CreateResources(), CreateSearchIndex(), CreateDownloadCounts(), AddResourceConformity(),
                                                 AddSearchCoveringIndexes(), CreateDownloadClientMarkers()]
}

/// catalog.0001: datasets and categories.
struct CreateDatasets: AsyncMigration {
    var name: String { "catalog.0001.create_datasets" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Dataset.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("department_id", .uuid, .required, .references(Department.schema, .id))
            .field("name", .string, .required)
            .field("title", .string, .required)
            .field("notes", .string, .required)
            .field("url", .string)
            .field("version", .string)
            .field("license_id", .string, .required)
            .field("update_frequency", .string)
            .field("spatial", .string)
            .field("temporal_start", .string)
            .field("temporal_end", .string)
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("contact_phone", .string)
            .field("standard_dataset", .string)
            .field("tags", .string, .required)
            .field("categories", .string, .required)
            .field("state", .string, .required)
            .field("created_at", .datetime, .required)
            .field("modified_at", .datetime, .required)
            .field("modified_day", .int, .required)
            .field("published_at", .datetime)
            .unique(on: "municipality_id", "name")
            .create()
        try await database.schema(Category.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("name", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "municipality_id", "name")
            .create()
        try await sql(database).create(index: "catalog_datasets_listing").on(Dataset.schema)
            .column("municipality_id").column("state").column("modified_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Category.schema).delete()
        try await database.schema(Dataset.schema).delete()
    }
}

/// catalog.0002: resources and their file versions.
struct CreateResources: AsyncMigration {
    var name: String { "catalog.0002.create_resources" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Resource.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("dataset_id", .uuid, .required, .references(Dataset.schema, .id))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("format", .string, .required)
            .field("mimetype", .string)
            .field("url", .string)
            .field("is_upload", .bool, .required)
            .field("file_name", .string)
            .field("size", .int64)
            .field("sha256", .string)
            .field("current_version", .int, .required)
            .field("position", .int, .required)
            .field("deleted", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("modified_at", .datetime, .required)
            .create()
        try await database.schema(ResourceVersion.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("resource_id", .uuid, .required, .references(Resource.schema, .id))
            .field("version", .int, .required)
            .field("sha256", .string, .required)
            .field("size", .int64, .required)
            .field("file_name", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .unique(on: "resource_id", "version")
            .create()
        try await sql(database).create(index: "catalog_resources_dataset").on(Resource.schema).column("dataset_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ResourceVersion.schema).delete()
        try await database.schema(Resource.schema).delete()
    }
}

/// catalog.0003: the inverted index (term → dataset) and the facet values of published datasets.
struct CreateSearchIndex: AsyncMigration {
    var name: String { "catalog.0003.create_search_index" }

    func prepare(on database: any Database) async throws {
        let sql = sql(database)
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
        try await sql(database).drop(table: SearchIndex.facetsTable).run()
        try await sql(database).drop(table: SearchIndex.termsTable).run()
    }
}

/// catalog.0004: downloads per resource per month, for the indicators.
struct CreateDownloadCounts: AsyncMigration {
    var name: String { "catalog.0004.create_download_counts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DownloadCount.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("dataset_id", .uuid, .required)
            .field("resource_id", .uuid, .required)
            .field("month", .string, .required)
            .field("count", .int, .required)
            .unique(on: "resource_id", "month")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DownloadCount.schema).delete()
    }
}

/// Raw-SQL tables use the same UUID column type Fluent uses, so joins compare like with like.
func uuidType(_ database: any Database) -> String {
    (database as? any SQLDatabase)?.dialect.name == "postgresql" ? "UUID" : "BLOB"
}

func sql(_ database: any Database) -> any SQLDatabase {
    guard let sql = database as? any SQLDatabase else { fatalError("the catalogue needs an SQL database") }
    return sql
}

/// catalog.0005: the last validation of a resource's current file against a standard dataset.
struct AddResourceConformity: AsyncMigration {
    var name: String { "catalog.0005.resource_conformity" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema(Resource.schema).field("conforms_to", .string).update()
        try await database.schema(Resource.schema).field("conformity", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Resource.schema).deleteField("conformity").update()
        try await database.schema(Resource.schema).deleteField("conforms_to").update()
    }
}

/// catalog.0006: covering indexes for search. A term's postings carry their weight, and a matched
/// dataset's facet rows are read from the index alone, so a search touches no table rows of either
/// table (on 100,000 datasets this is most of the time a query took; bench/catalog/README.md).
struct AddSearchCoveringIndexes: AsyncMigration {
    var name: String { "catalog.0006.search_covering_indexes" }

    func prepare(on database: any Database) async throws {
        let sql = sql(database)
        try await sql.create(index: "catalog_search_terms_postings").on(SearchIndex.termsTable)
            .column("municipality_id").column("term").column("dataset_id").column("weight").run()
        try await sql.drop(index: "catalog_search_terms_lookup").run()
        try await sql.create(index: "catalog_dataset_facets_of_dataset").on(SearchIndex.facetsTable)
            .column("dataset_id").column("facet").column("value").column("display").run()
        try await sql.drop(index: "catalog_dataset_facets_dataset").run()
    }

    func revert(on database: any Database) async throws {
        let sql = sql(database)
        try await sql.create(index: "catalog_dataset_facets_dataset").on(SearchIndex.facetsTable).column("dataset_id").run()
        try await sql.drop(index: "catalog_dataset_facets_of_dataset").run()
        try await sql.create(index: "catalog_search_terms_lookup").on(SearchIndex.termsTable)
            .column("municipality_id").column("term").column("dataset_id").run()
        try await sql.drop(index: "catalog_search_terms_postings").run()
    }
}

/// catalog.0007: today's download markers (resource, day, keyed client hash), so a download counts
/// once per client per day.
struct CreateDownloadClientMarkers: AsyncMigration {
    var name: String { "catalog.0007.download_client_markers" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DownloadClientMarker.schema)
            .field("resource_id", .uuid, .required)
            .field("day", .string, .required)
            .field("client", .string, .required)
            .unique(on: "resource_id", "day", "client")
            .create()
        try await sql(database).create(index: "catalog_download_clients_day").on(DownloadClientMarker.schema).column("day").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DownloadClientMarker.schema).delete()
    }
}
