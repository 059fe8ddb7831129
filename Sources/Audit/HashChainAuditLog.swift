import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// The audit log: appends entries to a SHA-256 hash chain in the caller's transaction.
public struct HashChainAuditLog: AuditTrail {
    let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = Date.init) { self.now = now }

    /// Appends `event`. Wrap the action and this call in one transaction: the entry is written
    /// with the action or not at all. Called outside a transaction, it opens its own.
    public func record(_ event: AuditEvent, on database: any Database) async throws {
        if database.inTransaction {
            try await append(event, on: database)
        } else {
            try await database.transaction { try await append(event, on: $0) }
        }
    }

    private func append(_ event: AuditEvent, on db: any Database) async throws {
        let sql = try db.sql(for: "the audit log")
        // Taking the head row's write lock first serialises concurrent appenders.
        try await sql.update(AuditChainHead.schema)
            .set(SQLIdentifier("last_seq"), to: SQLRaw("last_seq + 1"))
            .where("id", .equal, 1)
            .run()
        guard let head = try await AuditChainHead.find(1, on: db) else { throw AuditLogError.missingHead }
        let entry = AuditEntry()
        entry.sequence = head.lastSequence
        entry.municipalityID = event.municipalityID
        entry.occurredAtMilliseconds = Int64((now().timeIntervalSince1970 * 1000).rounded())
        entry.actor = event.actor.reference
        entry.action = event.action
        entry.targetType = event.targetType
        entry.targetID = event.targetID
        entry.ipAddress = event.origin.ipAddress
        entry.requestID = event.origin.requestID
        entry.details = AuditHash.canonicalJSON(event.details)
        entry.previousHash = head.lastHash
        entry.hash = AuditHash.compute(for: entry)
        try await entry.create(on: db)
        head.lastHash = entry.hash
        try await head.save(on: db)
    }
}
