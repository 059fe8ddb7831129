import FluentKit

/// core.0002: API tokens.
struct CreateAPITokens: AsyncMigration {
    var name: String { "core.0002.create_api_tokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema)
            .id()
            .field("staff_id", .uuid, .required)
            .field("municipality_id", .uuid, .required)
            .field("label", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).delete()
    }
}
