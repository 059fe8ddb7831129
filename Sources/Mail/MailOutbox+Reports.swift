import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// What senders and staff read back from the outbox: counts by status for a reference prefix (a
/// notice's deliveries), and permanent failures per recipient (to deactivate an address).
extension MailOutbox {
    /// Messages of `municipalityID` whose reference starts with `referencePrefix`, counted by status
    /// (every status present, zero when none). Byte-wise prefix match on the `mail_outbox_reference` index.
    public static func statusCounts(referencePrefix: String, municipalityID: UUID, on database: any Database) async throws -> [DeliveryStatus: Int] {
        try OutboxReference.check(referencePrefix, field: "reference prefix")
        let sql = try database.sql(for: "the mail outbox")
        let rows = try await sql.raw("""
            SELECT status, COUNT(*) AS n FROM \(ident: OutboxMessage.schema) \
            WHERE \(unsafeRaw: referenceColumn(sql)) >= \(bind: referencePrefix) AND \(unsafeRaw: referenceColumn(sql)) < \(bind: referencePrefix + "~") \
            AND municipality_id = \(bind: municipalityID) GROUP BY status
            """).all()
        var counts = Dictionary(uniqueKeysWithValues: DeliveryStatus.allCases.map { ($0, 0) })
        for row in rows {
            if let status = DeliveryStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// Recipients (the senders' own ids) of messages whose reference starts with `referencePrefix`
    /// that were refused for good (`permanent-failure`) at or after `since`, with how many times.
    public static func permanentFailures(referencePrefix: String, since: Date, on database: any Database) async throws -> [String: Int] {
        try OutboxReference.check(referencePrefix, field: "reference prefix")
        let sql = try database.sql(for: "the mail outbox")
        let rows = try await sql.raw("""
            SELECT recipient, COUNT(*) AS n FROM \(ident: OutboxMessage.schema) \
            WHERE status = 'permanent-failure' AND status_at >= \(bind: since) AND recipient IS NOT NULL \
            AND \(unsafeRaw: referenceColumn(sql)) >= \(bind: referencePrefix) AND \(unsafeRaw: referenceColumn(sql)) < \(bind: referencePrefix + "~") \
            GROUP BY recipient
            """).all()
        var failures: [String: Int] = [:]
        for row in rows { failures[try row.decode(column: "recipient", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        return failures
    }

    /// The reference as compared for a prefix: `reference` in [prefix, prefix + "~") holds exactly
    /// the references starting with the prefix, because every allowed reference character sorts
    /// below `~` byte-wise (`OutboxReference`); PostgreSQL compares byte-wise under `COLLATE "C"`,
    /// as the index is built, SQLite always does.
    static func referenceColumn(_ sql: any SQLDatabase) -> String {
        sql.dialect.name == "postgresql" ? "reference COLLATE \"C\"" : "reference"
    }
}
