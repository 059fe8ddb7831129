import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// The audit log: appends entries to a SHA-256 hash chain in the caller's transaction.
///
/// An append is three statements however many entries it carries: one UPDATE … RETURNING takes the
/// head row's write lock and reads the last sequence number and hash, the chain is computed here
/// while the lock is held, one INSERT writes the entries and one UPDATE moves the head.
public struct HashChainAuditLog: AuditTrail {
    let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = Date.init) { self.now = now }

    /// Appends `event`. Wrap the action and this call in one transaction: the entry is written
    /// with the action or not at all. Called outside a transaction, it opens its own.
    public func record(_ event: AuditEvent, on database: any Database) async throws {
        try await recordAll([event], on: database)
    }

    /// Appends `events` in their order, chained one after the other (a group commit's entries).
    public func recordAll(_ events: [AuditEvent], on database: any Database) async throws {
        guard !events.isEmpty else { return }
        if database.inTransaction {
            try await append(events, on: database)
        } else {
            try await database.transaction { try await append(events, on: $0) }
        }
    }

    private func append(_ events: [AuditEvent], on db: any Database) async throws {
        let sql = try db.sql(for: "the audit log")
        // Taking the head row's write lock first serialises concurrent appenders; the same statement reads it.
        guard let head = try await sql.update(AuditChainHead.schema)
            .set(SQLIdentifier("last_seq"), to: SQLIdentifier("last_seq"))
            .where("id", .equal, 1)
            .returning("last_seq", "last_hash")
            .first() else { throw AuditLogError.missingHead }
        var sequence = try head.decode(column: "last_seq", as: Int.self)
        var previousHash = try head.decode(column: "last_hash", as: String.self)
        let insert = sql.insert(into: AuditEntry.schema).columns(
            "id", "seq", "municipality_id", "occurred_at_ms", "actor", "action", "target_type", "target_id", "ip", "request_id",
            "details", "prev_hash", "hash")
        for event in events {
            sequence += 1
            let occurredAt = Int64((now().timeIntervalSince1970 * 1000).rounded())
            let details = AuditHash.canonicalJSON(event.details)
            let hash = AuditHash.compute(sequence: sequence, previousHash: previousHash, occurredAtMilliseconds: occurredAt,
                                         municipalityID: event.municipalityID, actor: event.actor.reference, action: event.action,
                                         targetType: event.targetType, targetID: event.targetID, ipAddress: event.origin.ipAddress,
                                         requestID: event.origin.requestID, details: details)
            insert.values([SQLBind(UUID()), SQLBind(sequence), SQLBind(event.municipalityID), SQLBind(occurredAt),
                           SQLBind(event.actor.reference), SQLBind(event.action), SQLBind(event.targetType), SQLBind(event.targetID),
                           SQLBind(event.origin.ipAddress), SQLBind(event.origin.requestID), SQLBind(details),
                           SQLBind(previousHash), SQLBind(hash)])
            previousHash = hash
        }
        try await insert.run()
        try await sql.update(AuditChainHead.schema)
            .set("last_seq", to: sequence)
            .set("last_hash", to: previousHash)
            .where("id", .equal, 1)
            .run()
    }
}
