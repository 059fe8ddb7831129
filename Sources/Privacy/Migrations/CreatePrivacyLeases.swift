import FluentKit

/// privacy.0002: the lease table for background jobs.
struct CreatePrivacyLeases: AsyncMigration {
    var name: String { "privacy.0002.create_leases" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PrivacyLease.schema)
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at_ms", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PrivacyLease.schema).delete()
    }
}
