import FluentKit
import MadoguchiCore

/// shelters.0002: every status report, for the after-action review.
struct CreateShelterReports: AsyncMigration {
    var name: String { "shelters.0002.create_shelter_reports" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ShelterReport.schema)
            .id()
            .field("shelter_id", .uuid, .required, .references(Shelter.schema, .id, onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("status", .string, .required)
            .field("head_count", .int)
            .field("households", .int)
            .field("crowding", .string)
            .field("crowding_overridden", .bool, .required)
            .field("checked_at", .datetime, .required)
            .field("reported_by", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ShelterReport.schema).delete()
    }
}
