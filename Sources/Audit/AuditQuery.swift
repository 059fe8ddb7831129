import FluentKit
import Foundation

/// A filter over the audit log, as an auditor sets it in the web UI or the CSV export.
public struct AuditFilter: Sendable, Equatable {
    public var municipalityID: UUID?
    public var actionPrefix: String?
    public var actor: String?
    public var targetID: String?
    public var from: Date?
    public var until: Date?

    public init(municipalityID: UUID? = nil, actionPrefix: String? = nil, actor: String? = nil, targetID: String? = nil,
                from: Date? = nil, until: Date? = nil) {
        self.municipalityID = municipalityID
        self.actionPrefix = actionPrefix
        self.actor = actor
        self.targetID = targetID
        self.from = from
        self.until = until
    }

    /// Newest first, `limit` at most, starting below sequence `before` when paging.
    public func entries(on db: any Database, limit: Int, before: Int? = nil) async throws -> [AuditEntry] {
        var query = query(on: db)
        if let before { query = query.filter(\.$sequence < before) }
        return try await query.sort(\.$sequence, .descending).limit(limit).all()
    }

    /// How many entries match (the staff dashboard's figure).
    public func count(on db: any Database) async throws -> Int {
        try await query(on: db).count()
    }

    private func query(on db: any Database) -> QueryBuilder<AuditEntry> {
        var query = AuditEntry.query(on: db)
        if let municipalityID { query = query.filter(\.$municipalityID == municipalityID) }
        if let actionPrefix, !actionPrefix.isEmpty { query = query.filter(\.$action, .custom("LIKE"), Self.likePrefix(actionPrefix)) }
        if let actor, !actor.isEmpty { query = query.filter(\.$actor == actor) }
        if let targetID, !targetID.isEmpty { query = query.filter(\.$targetID == targetID) }
        if let from { query = query.filter(\.$occurredAtMilliseconds >= Int64(from.timeIntervalSince1970 * 1000)) }
        if let until { query = query.filter(\.$occurredAtMilliseconds < Int64(until.timeIntervalSince1970 * 1000)) }
        return query
    }

    /// A LIKE pattern matching the prefix literally: `%` and `_` typed by the auditor match themselves.
    static func likePrefix(_ prefix: String) -> String {
        prefix.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
    }
}
