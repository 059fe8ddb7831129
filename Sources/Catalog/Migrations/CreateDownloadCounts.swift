import FluentKit
import MadoguchiCore

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
