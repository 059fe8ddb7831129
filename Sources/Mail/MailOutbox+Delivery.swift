import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit

/// Delivery: claim a batch under a lease, hand the messages over one by one through one session
/// (one SMTP connection), and record each outcome the moment it is known.
///
/// The guarantee is at-least-once, with a duplicate possible only in one narrow window: between the
/// receiver's acceptance (SMTP 250 after DATA, a webhook's 2xx) and the commit of that message's
/// `delivered` mark, which is the very next statement for that message (one single-row UPDATE, no
/// batching). If the process dies inside that window, the lease runs out and another round sends
/// the message again. A message whose acceptance is never seen (connection lost after the data was
/// sent) is also sent again: that window is the receiver's, and is no wider.
extension MailOutbox {
    /// Delivers up to `limit` due e-mails through `transport`, one session for the batch (one SMTP
    /// connection); webhooks go through the same loop (`deliverDue(webhooks:…)`). A batch
    /// that runs for half its lease stops early and gives the rest back, so no other instance can
    /// take a message this one is still sending. Each outcome is written as soon as it is known,
    /// while the next message is being handed over (the write for message n starts the moment its
    /// reply is read; message n + 1's outcome is written only after it).
    public func deliverDue(via transport: any MailTransport, from: String, limit: Int = 20, lease: TimeInterval = MailOutbox.lease,
                           now: Date = Date(), on database: any Database) async throws -> Run {
        try await deliver(channel: .email, limit: limit, lease: lease, now: now, on: database) {
            MailChannelSession(session: transport.openSession(from: from))
        }
    }

    /// The one delivery loop of every channel: claims up to `limit` due messages of `channel`,
    /// opens one session (only when something is due), hands the decrypted documents over one by
    /// one and records each outcome; gives back what is left after half the lease.
    func deliver(channel: DeliveryChannel, limit: Int, lease: TimeInterval, now: Date, on database: any Database,
                 open: () -> any OutboxChannelSession) async throws -> Run {
        let rows = try await claim(channel: channel, limit: limit, lease: lease, now: now, on: database)
        guard !rows.isEmpty else { return Run() }
        let session = open()
        let started = Date()
        var run = Run()
        var recording: Task<Tally, any Error>?
        do {
            for (index, row) in rows.enumerated() {
                if Date().timeIntervalSince(started) > lease / 2 {
                    if let previous = recording { run.add(try await previous.value); recording = nil }
                    try await release(rows[index...].compactMap(\.id), on: database)
                    break
                }
                let outcome: Result<Void, any Error>
                do {
                    let document: String
                    do {
                        document = try cipher.decrypt(row.messageCiphertext, binding: row.binding())
                    } catch {
                        throw UnreadableMessage(kind: String(describing: type(of: error)))
                    }
                    try await session.send(document: document, of: row, on: database)
                    outcome = .success(())
                } catch {
                    outcome = .failure(error)
                }
                if let previous = recording { run.add(try await previous.value) }
                recording = Task { try await Self.record(outcome, for: row, now: now, on: database) }
            }
            if let previous = recording { run.add(try await previous.value) }
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        return run
    }

    enum Tally: Sendable { case sent, retrying, failed }

    /// A stored message that cannot be decrypted or decoded (its type name only, never its text).
    struct UnreadableMessage: Error {
        let kind: String
    }

    /// Writes one message's outcome (and ends its lease) in one single-row UPDATE.
    static func record(_ outcome: Result<Void, any Error>, for row: OutboxMessage, now: Date, on database: any Database) async throws -> Tally {
        let sql = try database.sql(for: "the mail outbox")
        let at = Date()
        let update = sql.update(OutboxMessage.schema).set("claimed_until", to: SQLLiteral.null).set("status_at", to: SQLBind(at))
        let tally: Tally
        switch outcome {
        case .success:
            update.set("status", to: SQLBind(DeliveryStatus.delivered.rawValue)).set("sent_at", to: SQLBind(at)).set("last_error", to: SQLLiteral.null)
            tally = .sent
        case .failure(let error):
            let delivery = error as? MailDeliveryError
            let unreadable = error as? UnreadableMessage
            let status = delivery?.status ?? .technicalFailure
            // What cannot be read back (a key gone, a document that no longer decodes) will not improve with time.
            let tooOld = row.channel == DeliveryChannel.webhook.rawValue && now.timeIntervalSince(row.createdAt ?? now) >= Self.webhookMaxAge
            let final = status == .permanentFailure || unreadable != nil || row.attempts >= Self.maxAttempts || tooOld
            // A webhook retried to the end is a technical failure (the receiver never took it).
            let recorded = final && row.channel == DeliveryChannel.webhook.rawValue && status == .temporaryFailure ? .technicalFailure : status
            update.set("status", to: SQLBind(recorded.rawValue))
                .set("last_error", to: SQLBind(delivery?.code ?? unreadable.map { "unreadable-\($0.kind)" } ?? String(describing: type(of: error))))
            if final {
                if unreadable != nil || tooOld { update.set("attempts", to: SQLBind(Self.maxAttempts)) }
                tally = .failed
            } else {
                // 1, 2, 4 … minutes, at most an hour.
                update.set("next_attempt_at", to: SQLBind(now.addingTimeInterval(min(3600, 60 * pow(2, Double(row.attempts - 1))))))
                tally = .retrying
            }
        }
        try await update.where("id", .equal, try row.requireID()).run()
        return tally
    }

    /// Gives claimed messages back untried: no lease, the attempt not counted.
    func release(_ ids: [UUID], on database: any Database) async throws {
        guard !ids.isEmpty else { return }
        try await database.sql(for: "the mail outbox").update(OutboxMessage.schema)
            .set("claimed_until", to: SQLLiteral.null).set(SQLIdentifier("attempts"), to: SQLRaw("attempts - 1"))
            .where("id", .in, ids).run()
    }

    /// Claims due messages of one channel: the UPDATE re-checks the conditions on each row it locks,
    /// so when two instances race for the same rows only one gets each (PostgreSQL also skips rows
    /// another instance is claiming; SQLite has one writer at a time). The statuses are written as
    /// literals, as the partial index `mail_outbox_due` spells them, so the scan stops at `limit`.
    func claim(channel: DeliveryChannel = .email, limit: Int, lease: TimeInterval = MailOutbox.lease, now: Date,
               on database: any Database) async throws -> [OutboxMessage] {
        let sql = try database.sql(for: "the mail outbox")
        let until = now.addingTimeInterval(lease)
        let skipLocked = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let rows = try await sql.raw("""
            UPDATE \(ident: OutboxMessage.schema) SET claimed_until = \(bind: until), attempts = attempts + 1, status = 'sending' \
            WHERE id IN (SELECT id FROM \(ident: OutboxMessage.schema) WHERE status IN \(unsafeRaw: DeliveryStatus.pendingSQL) \
            AND next_attempt_at <= \(bind: now) AND channel = \(bind: channel.rawValue) AND attempts < \(unsafeRaw: String(Self.maxAttempts)) \
            AND (claimed_until IS NULL OR claimed_until < \(bind: now)) ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(max(1, limit)))\(unsafeRaw: skipLocked)) \
            AND status IN \(unsafeRaw: DeliveryStatus.pendingSQL) AND (claimed_until IS NULL OR claimed_until < \(bind: now)) RETURNING id
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return [] }
        return try await OutboxMessage.query(on: database).filter(\.$id ~~ ids).all()
    }
}
