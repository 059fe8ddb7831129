import FluentKit
import MadoguchiCore
import SQLKit

/// notices.0006: mail subscriptions (メール配信サービス), one per address and municipality (found by
/// the address's keyed hash), with an index for the fan-out's scan of active subscribers in id order.
struct CreateNoticeSubscriptions: AsyncMigration {
    var name: String { "notices.0006.create_subscriptions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(NoticeSubscription.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("address", .string, .required)
            .field("address_index", .string, .required)
            .field("categories", .string, .required)
            .field("area_codes", .string, .required)
            .field("language", .string, .required)
            .field("state", .string, .required)
            .field("permanent_failures", .int, .required)
            .field("account_mails", .int, .required)
            .field("account_mails_since", .datetime, .required)
            .field("created_at", .datetime, .required)
            .field("confirmed_at", .datetime)
            .field("ended_at", .datetime)
            .unique(on: "municipality_id", "address_index")
            .create()
        let sql = try database.sql(for: "the subscriptions' index")
        try await sql.create(index: "notices_subscriptions_fanout").on(NoticeSubscription.schema)
            .column("municipality_id").column("state").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NoticeSubscription.schema).delete()
    }
}
