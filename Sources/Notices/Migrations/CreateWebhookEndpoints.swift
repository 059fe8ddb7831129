import FluentKit
import MadoguchiCore

/// notices.0011: the webhook endpoints (`WebhookEndpoint`), their secret sealed.
struct CreateWebhookEndpoints: AsyncMigration {
    var name: String { "notices.0011.create_webhooks" }

    func prepare(on database: any Database) async throws {
        try await database.schema(WebhookEndpoint.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("url", .string, .required)
            .field("description", .string, .required)
            .field("categories", .string, .required)
            .field("area_codes", .string, .required)
            .field("alerts", .bool, .required)
            .field("active", .bool, .required)
            .field("secret", .string, .required)
            .field("secret_created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WebhookEndpoint.schema).delete()
    }
}
