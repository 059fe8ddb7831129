import FluentKit
import MadoguchiCore
import SQLKit

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
        try await database.sql(for: "the catalogue").create(index: "catalog_download_clients_day").on(DownloadClientMarker.schema).column("day").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DownloadClientMarker.schema).delete()
    }
}
