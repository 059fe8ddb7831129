import FluentKit
import Foundation

/// core.0004: API tokens expire. Tokens issued before this get the default lifetime from now, so
/// no client breaks at once but none lives forever.
struct AddAPITokenExpiry: AsyncMigration {
    var name: String { "core.0004.api_token_expiry" }

    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema).field("expires_at", .datetime).update()
        let expiry = Date().addingTimeInterval(TimeInterval(APIToken.defaultLifetimeDays) * 86_400)
        try await APIToken.query(on: database).set(\.$expiresAt, to: expiry).filter(\.$expiresAt == nil).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).deleteField("expires_at").update()
    }
}
