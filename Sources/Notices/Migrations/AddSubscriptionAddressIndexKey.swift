import FluentKit
import MadoguchiCore

/// notices.0010: which field key each subscription's address index was made under
/// (`NoticeSubscription.addressIndexKey`), so lookups try every key in the ring and key rotation
/// re-keys the index. Rows already there keep everything and get NULL (made under a key not
/// recorded): lookups find them under whichever key made them, and the next rotation round stamps them.
struct AddSubscriptionAddressIndexKey: AsyncMigration {
    var name: String { "notices.0010.add_subscription_address_index_key" }

    func prepare(on database: any Database) async throws {
        try await database.schema(NoticeSubscription.schema).field("address_index_key", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NoticeSubscription.schema).deleteField("address_index_key").update()
    }
}
