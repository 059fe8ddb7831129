import FluentKit

/// audit.0001: the entries table and the chain head.
struct CreateAuditTables: AsyncMigration {
    var name: String { "audit.0001.create_audit_entries" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .id()
            .field("seq", .int, .required)
            .field("municipality_id", .uuid)
            .field("occurred_at_ms", .int64, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("target_type", .string)
            .field("target_id", .string)
            .field("ip", .string)
            .field("request_id", .string)
            .field("details", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
        try await database.schema(AuditChainHead.schema)
            .field("id", .int, .identifier(auto: false))
            .field("last_seq", .int, .required)
            .field("last_hash", .string, .required)
            .create()
        try await AuditChainHead(id: 1, lastSequence: 0, lastHash: AuditHash.genesis).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditChainHead.schema).delete()
        try await database.schema(AuditEntry.schema).delete()
    }
}
