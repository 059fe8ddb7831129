import FluentKit
import SQLKit

/// `core.0006`: one counter that every write to public content increments, so that every instance's
/// cache of public pages learns of the change (`PublicContentVersion`).
public struct CreatePublicContentVersion: AsyncMigration {
    public var name: String { "core.0006.create_public_content_version" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(PublicContentVersion.table)
            .field("id", .int, .identifier(auto: false))
            .field("version", .int64, .required)
            .create()
        try await database.sql(for: "the public content version").raw("INSERT INTO \(ident: PublicContentVersion.table) (id, version) VALUES (1, 0)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(PublicContentVersion.table).delete()
    }
}
