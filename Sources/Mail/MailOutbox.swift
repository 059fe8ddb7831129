import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit

/// The database-backed outbox: messages are queued in the caller's transaction (so a receipt
/// e-mail exists exactly when its application does), then delivered by `deliverDue` on any
/// instance. A message is claimed with a lease by a conditional UPDATE, so two instances never
/// send the same one at once; failures are retried with growing delays, up to `maxAttempts`.
public struct MailOutbox: Sendable {
    public let cipher: FieldCipher
    public static let maxAttempts = 8
    public static let lease: TimeInterval = 120

    public init(cipher: FieldCipher) { self.cipher = cipher }

    public func enqueue(_ message: MailMessage, kind: String, municipalityID: UUID, on database: any Database) async throws {
        let row = OutboxMessage()
        row.id = UUID()
        row.municipalityID = municipalityID
        row.kind = kind
        row.state = OutboxMessage.State.queued.rawValue
        row.attempts = 0
        row.nextAttemptAt = Date()
        row.messageCiphertext = try cipher.encrypt(String(decoding: try JSONEncoder().encode(message), as: UTF8.self), binding: row.binding())
        try await row.create(on: database)
    }

    /// One message to queue with others (`enqueueAll`).
    public struct Queued: Sendable {
        public let message: MailMessage
        public let kind: String
        public let municipalityID: UUID
        public init(_ message: MailMessage, kind: String, municipalityID: UUID) {
            self.message = message
            self.kind = kind
            self.municipalityID = municipalityID
        }
    }

    /// Queues several messages with one INSERT in the caller's transaction (a group commit's
    /// receipts): the same rows `enqueue` writes, each encrypted and bound to its own id.
    public func enqueueAll(_ messages: [Queued], on database: any Database) async throws {
        guard !messages.isEmpty else { return }
        let now = Date()
        let insert = try database.sql(for: "the mail outbox").insert(into: OutboxMessage.schema)
            .columns("id", "municipality_id", "kind", "message", "state", "attempts", "next_attempt_at", "created_at")
        for queued in messages {
            let id = UUID()
            let json = String(decoding: try JSONEncoder().encode(queued.message), as: UTF8.self)
            let ciphertext = try cipher.encrypt(json, binding: OutboxMessage.binding(id: id))
            insert.values([SQLBind(id), SQLBind(queued.municipalityID), SQLBind(queued.kind), SQLBind(ciphertext),
                           SQLBind(OutboxMessage.State.queued.rawValue), SQLBind(0), SQLBind(now), SQLBind(now)])
        }
        try await insert.run()
    }

    public struct Run: Sendable, Equatable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        public init() {}
    }

    /// Delivers up to `limit` due messages through `transport`.
    public func deliverDue(via transport: any MailTransport, from: String, limit: Int = 20, now: Date = Date(),
                           on database: any Database) async throws -> Run {
        var run = Run()
        for row in try await claim(limit: limit, now: now, on: database) {
            do {
                let json = try cipher.decrypt(row.messageCiphertext, binding: row.binding())
                let message = try JSONDecoder().decode(MailMessage.self, from: Data(json.utf8))
                try await transport.send(message, from: from)
                row.state = OutboxMessage.State.sent.rawValue
                row.sentAt = Date()
                row.lastError = nil
                run.sent += 1
            } catch {
                let delivery = error as? MailDeliveryError
                row.lastError = delivery?.code ?? String(describing: type(of: error))
                if delivery?.permanent == true || row.attempts >= Self.maxAttempts {
                    row.state = OutboxMessage.State.failed.rawValue
                    run.failed += 1
                } else {
                    // 1, 2, 4 … minutes, at most an hour.
                    row.nextAttemptAt = now.addingTimeInterval(min(3600, 60 * pow(2, Double(row.attempts - 1))))
                    run.retrying += 1
                }
            }
            row.claimedUntil = nil
            try await row.save(on: database)
        }
        return run
    }

    /// Claims due messages: the UPDATE re-checks the conditions on each row it locks, so when two
    /// instances race for the same rows only one gets each.
    func claim(limit: Int, now: Date, on database: any Database) async throws -> [OutboxMessage] {
        let sql = try database.sql(for: "the mail outbox")
        let until = now.addingTimeInterval(Self.lease)
        let queued = OutboxMessage.State.queued.rawValue
        let rows = try await sql.raw("""
            UPDATE \(ident: OutboxMessage.schema) SET claimed_until = \(bind: until), attempts = attempts + 1 \
            WHERE id IN (SELECT id FROM \(ident: OutboxMessage.schema) WHERE state = \(bind: queued) AND next_attempt_at <= \(bind: now) \
            AND (claimed_until IS NULL OR claimed_until < \(bind: now)) ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(max(1, limit)))) \
            AND state = \(bind: queued) AND (claimed_until IS NULL OR claimed_until < \(bind: now)) RETURNING id
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return [] }
        return try await OutboxMessage.query(on: database).filter(\.$id ~~ ids).all()
    }
}
