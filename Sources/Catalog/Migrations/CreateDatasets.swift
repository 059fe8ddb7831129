import FluentKit
import MadoguchiCore
import SQLKit

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
        try await database.sql(for: "the catalogue").create(index: "catalog_datasets_listing").on(Dataset.schema)
            .column("municipality_id").column("state").column("modified_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Category.schema).delete()
        try await database.schema(Dataset.schema).delete()
    }
}
