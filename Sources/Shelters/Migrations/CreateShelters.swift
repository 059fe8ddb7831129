import FluentKit
import MadoguchiCore

/// shelters.0001: the shelter list with each shelter's current status.
struct CreateShelters: AsyncMigration {
    var name: String { "shelters.0001.create_shelters" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Shelter.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("standard_id", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("address", .string, .required)
            .field("area", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("capacity", .int)
            .field("status", .string, .required)
            .field("head_count", .int)
            .field("households", .int)
            .field("crowding", .string)
            .field("checked_at", .datetime)
            .field("revision", .int, .required)
            .unique(on: "municipality_id", "kind", "standard_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Shelter.schema).delete()
    }
}
