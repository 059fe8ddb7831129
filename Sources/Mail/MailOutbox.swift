import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit

/// The database-backed outbox: messages are queued in the caller's transaction (so a receipt
/// e-mail exists exactly when its application does), then delivered by `deliverDue` on any
/// instance. A message is claimed with a lease by a conditional UPDATE, so two instances never
/// send the same one at once; failures are retried with growing delays, up to `maxAttempts`.
/// Each message carries a `DeliveryStatus` and the sender's clear `reference` and `recipient`.
public struct MailOutbox: Sendable {
    public let cipher: FieldCipher
    public static let maxAttempts = 8
    public static let lease: TimeInterval = 30
    /// Rows per INSERT in `enqueueAll` (11 values each: well under both engines' bind limits).
    static let insertChunk = 1_000

    public init(cipher: FieldCipher) { self.cipher = cipher }

    /// One message to queue (`enqueueAll`), with the sender's clear `reference` (what it is about,
    /// e.g. `notice:<uuid>`) and `recipient` (its own id of the recipient, never the address); both
    /// must pass `OutboxReference.isValid`.
    public struct Queued: Sendable {
        public let message: MailMessage
        public let kind: String
        public let municipalityID: UUID
        public let reference: String?
        public let recipient: String?
        public init(_ message: MailMessage, kind: String, municipalityID: UUID, reference: String? = nil, recipient: String? = nil) {
            self.message = message
            self.kind = kind
            self.municipalityID = municipalityID
            self.reference = reference
            self.recipient = recipient
        }
    }

    public func enqueue(_ message: MailMessage, kind: String, municipalityID: UUID, reference: String? = nil, recipient: String? = nil,
                        on database: any Database) async throws {
        try await enqueueAll([Queued(message, kind: kind, municipalityID: municipalityID, reference: reference, recipient: recipient)], on: database)
    }

    /// Queues messages with one INSERT per `insertChunk` rows in the caller's transaction (a group
    /// commit's receipts, an alert's fan-out): each encrypted and bound to its own id. Throws
    /// `OutboxReferenceError` before writing anything if a reference or recipient is not clear text.
    public func enqueueAll(_ messages: [Queued], on database: any Database) async throws {
        for queued in messages {
            try OutboxReference.check(queued.reference, field: "reference")
            try OutboxReference.check(queued.recipient, field: "recipient")
        }
        try await insert(messages.map { queued in
            try sealedRow(document: queued.message.jsonDocument, channel: .email, municipalityID: queued.municipalityID, kind: queued.kind,
                          reference: queued.reference, recipient: queued.recipient)
        }, on: database)
    }

    /// The row of one message under a new id, its JSON document sealed bound to that id.
    func sealedRow(_ message: some Encodable, encoder: JSONEncoder, channel: DeliveryChannel, municipalityID: UUID, kind: String,
                   reference: String?, recipient: String?, dueAt: Date? = nil) throws -> Row {
        try sealedRow(document: String(decoding: try encoder.encode(message), as: UTF8.self), channel: channel, municipalityID: municipalityID,
                      kind: kind, reference: reference, recipient: recipient, dueAt: dueAt)
    }

    /// The row of one document (JSON) under a new id, sealed bound to that id.
    func sealedRow(document json: String, channel: DeliveryChannel, municipalityID: UUID, kind: String,
                   reference: String?, recipient: String?, dueAt: Date? = nil) throws -> Row {
        let id = UUID()
        return Row(id: id, municipalityID: municipalityID, kind: kind, channel: channel,
                   ciphertext: try cipher.encrypt(json, binding: OutboxMessage.binding(id: id)),
                   reference: reference, recipient: recipient, dueAt: dueAt)
    }

    struct Row {
        let id: UUID
        let municipalityID: UUID
        let kind: String
        let channel: DeliveryChannel
        let ciphertext: String
        let reference: String?
        let recipient: String?
        /// When it may first be sent; nil for now.
        var dueAt: Date? = nil
    }

    func insert(_ rows: [Row], on database: any Database) async throws {
        guard !rows.isEmpty else { return }
        let sql = try database.sql(for: "the mail outbox")
        let now = Date()
        for start in stride(from: 0, to: rows.count, by: Self.insertChunk) {
            let insert = sql.insert(into: OutboxMessage.schema)
                .columns("id", "municipality_id", "kind", "channel", "message", "status", "reference", "recipient", "attempts",
                         "next_attempt_at", "created_at")
            for row in rows[start..<min(rows.count, start + Self.insertChunk)] {
                insert.values([SQLBind(row.id), SQLBind(row.municipalityID), SQLBind(row.kind), SQLBind(row.channel.rawValue),
                               SQLBind(row.ciphertext), SQLBind(DeliveryStatus.created.rawValue), SQLBind(row.reference),
                               SQLBind(row.recipient), SQLBind(0), SQLBind(row.dueAt ?? now), SQLBind(now)])
            }
            try await insert.run()
        }
    }

    public struct Run: Sendable, Equatable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        public init() {}

        mutating func add(_ tally: Tally) {
            switch tally {
            case .sent: sent += 1
            case .retrying: retrying += 1
            case .failed: failed += 1
            }
        }
    }
}
