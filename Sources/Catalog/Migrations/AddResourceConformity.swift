import FluentKit

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
