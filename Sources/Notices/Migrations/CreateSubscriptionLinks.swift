import FluentKit
import MadoguchiCore

/// notices.0007: the links mailed to subscribers (token hashes only), and through their unique
/// `(source, subscription_id)` the record of which subscriber was sent which notice or alert.
struct CreateSubscriptionLinks: AsyncMigration {
    var name: String { "notices.0007.create_subscription_links" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SubscriptionLink.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("subscription_id", .uuid, .required, .references(NoticeSubscription.schema, .id, onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("source", .string)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime)
            .unique(on: "token_hash")
            .unique(on: "source", "subscription_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SubscriptionLink.schema).delete()
    }
}
