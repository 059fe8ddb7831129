import FluentKit
import Foundation

/// One row of the append-only audit log. `hash` chains it to the previous row; see `AuditHash`.
public final class AuditEntry: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(key: .id) public var id: UUID?
    /// 1, 2, 3… with no gaps: a missing number means a removed row.
    @Field(key: "seq") public var sequence: Int
    @OptionalField(key: "municipality_id") public var municipalityID: UUID?
    /// Milliseconds since 1970 (UTC); an integer so it survives every database unchanged.
    @Field(key: "occurred_at_ms") public var occurredAtMilliseconds: Int64
    @Field(key: "actor") public var actor: String
    @Field(key: "action") public var action: String
    @OptionalField(key: "target_type") public var targetType: String?
    @OptionalField(key: "target_id") public var targetID: String?
    @OptionalField(key: "ip") public var ipAddress: String?
    @OptionalField(key: "request_id") public var requestID: String?
    /// Sorted-key JSON object of non-personal details.
    @Field(key: "details") public var details: String
    @Field(key: "prev_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String

    public init() {}

    public var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMilliseconds) / 1000) }

    public var detailDictionary: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
    }
}

/// The chain's head: the last sequence number and hash. Appends lock this row first, which
/// serialises writers across app instances on PostgreSQL and within SQLite's single writer.
final class AuditChainHead: Model, @unchecked Sendable {
    static let schema = "audit_chain_heads"
    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "last_seq") var lastSequence: Int
    @Field(key: "last_hash") var lastHash: String
    init() {}
    init(id: Int, lastSequence: Int, lastHash: String) {
        self.id = id
        self.lastSequence = lastSequence
        self.lastHash = lastHash
    }
}
