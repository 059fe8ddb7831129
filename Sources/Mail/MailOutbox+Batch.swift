import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// Writing many outbox rows that share their kind, municipality and reference (a fan-out's chunk
/// of subscribers, `enqueue(_:for:…)`) at the cost of the rows alone.
extension MailOutbox {
    /// A message row of a batch: its id, its document sealed bound to that id, its recipient.
    struct SealedRow {
        let id: UUID
        let ciphertext: String
        let recipient: String?
    }

    /// Writes a batch's rows; the columns every message of the batch shares are bound once per
    /// statement. PostgreSQL: one `INSERT … SELECT … FROM unnest($1::uuid[], $2::text[],
    /// $3::text[])`, three array parameters for the whole batch (one short statement to parse and
    /// plan, whatever the number of rows). SQLite (no arrays): one `INSERT … SELECT` per
    /// `insertChunk` rows whose `VALUES` list carries only what differs per message.
    func insert(_ rows: [SealedRow], kind: String, municipalityID: UUID, reference: String?, on database: any Database) async throws {
        let sql = try database.sql(for: "the mail outbox")
        let now = Date()
        let shared: SQLQueryString = """
            \(bind: municipalityID), \(bind: kind), \(bind: DeliveryChannel.email.rawValue), \
            \(bind: DeliveryStatus.created.rawValue), \(bind: reference), 0, \(bind: now), \(bind: now)
            """
        let columns = "id, message, recipient, municipality_id, kind, channel, status, reference, attempts, next_attempt_at, created_at"
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                INSERT INTO \(ident: OutboxMessage.schema) (\(unsafeRaw: columns)) \
                SELECT v.id, v.message, v.recipient, \(shared) \
                FROM unnest(\(bind: rows.map(\.id))::uuid[], \(bind: rows.map(\.ciphertext))::text[], \
                \(bind: rows.map(\.recipient))::text[]) AS v(id, message, recipient)
                """).run()
            return
        }
        for start in stride(from: 0, to: rows.count, by: Self.insertChunk) {
            let values: [any SQLExpression] = rows[start..<min(rows.count, start + Self.insertChunk)].map { row in
                SQLGroupExpression([SQLBind(row.id), SQLBind(row.ciphertext), SQLBind(row.recipient)])
            }
            try await sql.raw("""
                INSERT INTO \(ident: OutboxMessage.schema) (\(unsafeRaw: columns)) \
                SELECT column1, column2, column3, \(shared) FROM (VALUES \(SQLList(values))) AS v
                """).run()
        }
    }
}
