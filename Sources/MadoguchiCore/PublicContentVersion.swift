import FluentKit
import SQLKit

/// The version of everything the public sees, shared by every instance through the database.
///
/// A write that may change a public page increments it after its transaction commits; each
/// instance reads it every second and drops its cached public pages when it has moved. One row,
/// one integer: incrementing is a single `UPDATE` with no read first.
public enum PublicContentVersion {
    static let table = "core_public_content_version"

    /// Increments the version (after the write that changed public content has committed).
    public static func bump(on database: any Database) async throws {
        try await database.sql(for: "the public content version")
            .raw("UPDATE \(ident: table) SET version = version + 1 WHERE id = 1").run()
    }

    /// The current version.
    public static func current(on database: any Database) async throws -> Int64 {
        let row = try await database.sql(for: "the public content version")
            .raw("SELECT version FROM \(ident: table) WHERE id = 1").first()
        return try row?.decode(column: "version", as: Int64.self) ?? 0
    }
}
