import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit

/// Delivery: claim a batch under a lease, hand the messages over through `connections` sessions in
/// parallel (SMTP: that many connections), and commit their outcomes in batches, one transaction
/// per batch of whatever outcomes came in while the previous one was being written.
///
/// The guarantee is at-least-once, with a duplicate possible only in one window: between the
/// receiver's acceptance (SMTP 250 after DATA, a webhook's 2xx) and the commit of the batch that
/// holds that message's `delivered` mark. A session reserves a place in the `OutcomeLedger` before
/// it sends, and a place is freed only by that commit, so at most `maxUnmarked` messages are ever
/// in that window, however many sessions run: if the process dies, those (and only those) are sent
/// again once the lease runs out, each with the same Message-ID (the row's id). A message whose
/// acceptance is never seen (connection lost after the data was sent) is also sent again: that
/// window is the receiver's, and is no wider.
///
/// A message whose attempt was cut off (the process died while it was `sending`) keeps its lease
/// (`claimed_until`): once the lease has run out another round takes it again, or, if that was its
/// last attempt, records it as a technical failure (`lease-expired`) instead of leaving it `sending`.
extension MailOutbox {
    /// SMTP connections (sessions) per batch unless the sender says otherwise (`MADOGUCHI_MAIL_CONNECTIONS`).
    public static let defaultConnections = 4
    /// At most this many messages are between their hand-over and the commit of their outcome
    /// (the duplicate window of a crash).
    public static let maxUnmarked = 32

    /// Delivers up to `limit` due e-mails through `connections` sessions of `transport` in parallel;
    /// webhooks go through the same loop (`deliverDue(webhooks:…)`). A session stops taking messages
    /// after half the lease, and what no session took is given back, so no other instance can take
    /// a message this one is still sending.
    public func deliverDue(via transport: any MailTransport, from: String, limit: Int = 20, connections: Int = 1,
                           lease: TimeInterval = MailOutbox.lease, now: Date = Date(), on database: any Database) async throws -> Run {
        try await deliver(channel: .email, limit: limit, connections: connections, lease: lease, now: now, on: database) {
            MailChannelSession(session: transport.openSession(from: from))
        }
    }

    /// The one delivery loop of every channel: claims up to `limit` due messages of `channel`, opens
    /// `connections` sessions (only when something is due), each handing decrypted documents over
    /// one by one, while one writer commits the outcomes in batches (`OutcomeLedger`); gives back
    /// what is left after half the lease.
    func deliver(channel: DeliveryChannel, limit: Int, connections: Int = 1, lease: TimeInterval, now: Date, on database: any Database,
                 open: () -> any OutboxChannelSession) async throws -> Run {
        let rows = try await claim(channel: channel, limit: limit, lease: lease, now: now, on: database)
        guard !rows.isEmpty else { return Run() }
        let started = Date()
        let ledger = OutcomeLedger(capacity: Self.maxUnmarked)
        let queue = ClaimedRows(rows)
        let sessions = (0..<max(1, min(connections, rows.count))).map { _ in open() }
        let cipher = cipher
        async let written = Self.writeOutcomes(from: ledger, now: now, on: database)
        await withTaskGroup(of: Void.self) { group in
            for session in sessions {
                group.addTask {
                    while let row = queue.take() {
                        guard Date().timeIntervalSince(started) <= lease / 2, await ledger.reserve() else {
                            queue.stop()
                            await ledger.add((row, .failure(Released())))
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
                        await ledger.add((row, outcome))
                    }
                    await session.close()
                }
            }
        }
        await ledger.finish()
        let run = try await written
        try await release(queue.remaining.compactMap(\.id), on: database)
        return run
    }

    /// A claimed message no session sent (half the lease was over): given back untried.
    struct Released: Error {}

    /// The one writer of a batch's outcomes: each batch the ledger hands over in one transaction
    /// (one UPDATE for every delivered message of it, one per failure).
    static func writeOutcomes(from ledger: OutcomeLedger, now: Date, on database: any Database) async throws -> Run {
        var run = Run()
        do {
            while let batch = await ledger.take() {
                let tallies = try await database.transaction { db in try await record(batch, now: now, on: db) }
                for tally in tallies { run.add(tally) }
                await ledger.committed(batch.count)
            }
        } catch {
            await ledger.fail()
            throw error
        }
        return run
    }

    /// Writes a batch of outcomes: the delivered ones in one UPDATE, each failure in its own, a
    /// released one given back (no lease, the attempt not counted).
    static func record(_ batch: [OutcomeLedger.Entry], now: Date, on database: any Database) async throws -> [Tally] {
        var delivered: [UUID] = []
        var released: [UUID] = []
        var tallies: [Tally] = []
        for (row, outcome) in batch {
            switch outcome {
            case .success:
                delivered.append(try row.requireID())
                tallies.append(.sent)
            case .failure(let error as Released):
                _ = error
                released.append(try row.requireID())
            case .failure:
                tallies.append(try await record(outcome, for: row, now: now, on: database))
            }
        }
        let sql = try database.sql(for: "the mail outbox")
        if !delivered.isEmpty {
            let at = Date()
            try await sql.update(OutboxMessage.schema).set("claimed_until", to: SQLLiteral.null).set("status_at", to: SQLBind(at))
                .set("status", to: SQLBind(DeliveryStatus.delivered.rawValue)).set("sent_at", to: SQLBind(at)).set("last_error", to: SQLLiteral.null)
                .where("id", .in, delivered).run()
        }
        if !released.isEmpty {
            try await sql.update(OutboxMessage.schema).set("claimed_until", to: SQLLiteral.null)
                .set(SQLIdentifier("attempts"), to: SQLRaw("attempts - 1")).where("id", .in, released).run()
        }
        return tallies
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
    /// The rows come back from the UPDATE itself (`RETURNING`), read column by column.
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
            AND status IN \(unsafeRaw: DeliveryStatus.pendingSQL) AND (claimed_until IS NULL OR claimed_until < \(bind: now)) \
            RETURNING id, municipality_id, kind, channel, message, recipient, attempts, created_at
            """).all()
        return try rows.map { row in
            let message = OutboxMessage()
            message.id = try row.decode(column: "id", as: UUID.self)
            message.municipalityID = try row.decode(column: "municipality_id", as: UUID.self)
            message.kind = try row.decode(column: "kind", as: String.self)
            message.channel = try row.decode(column: "channel", as: String.self)
            message.messageCiphertext = try row.decode(column: "message", as: String.self)
            message.recipient = try row.decode(column: "recipient", as: String?.self)
            message.attempts = try row.decode(column: "attempts", as: Int.self)
            message.createdAt = try row.decode(column: "created_at", as: Date?.self)
            message.status = DeliveryStatus.sending.rawValue
            return message
        }
    }

    /// A message still `sending` after its lease ran out was cut off (the process died while
    /// handing it over). While it has attempts left the claim takes it again; on its last attempt
    /// it would stay `sending` for ever, so it is recorded as a technical failure (`lease-expired`).
    /// The delivery job runs this once per round (it reads every due message: not once per batch).
    @discardableResult
    public func expireCutLastAttempts(now: Date = Date(), on database: any Database) async throws -> Int {
        let sql = try database.sql(for: "the mail outbox")
        let rows = try await sql.raw("""
            UPDATE \(ident: OutboxMessage.schema) SET status = \(bind: DeliveryStatus.technicalFailure.rawValue), last_error = 'lease-expired', \
            status_at = \(bind: now), claimed_until = NULL \
            WHERE status IN \(unsafeRaw: DeliveryStatus.pendingSQL) AND next_attempt_at <= \(bind: now) AND status = 'sending' \
            AND attempts >= \(unsafeRaw: String(Self.maxAttempts)) AND claimed_until < \(bind: now) RETURNING id
            """).all()
        return rows.count
    }
}
