import FluentKit
import MadoguchiCore
import SQLKit

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
        try await database.sql(for: "the catalogue").create(index: "catalog_resources_dataset").on(Resource.schema).column("dataset_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ResourceVersion.schema).delete()
        try await database.schema(Resource.schema).delete()
    }
}
