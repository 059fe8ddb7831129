import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit

/// Delivery: claim a batch under a lease, hand the messages over through `connections` sessions in
/// parallel (SMTP: that many connections), and commit for them in groups, one UPDATE per group of
/// whatever hand-over marks and outcomes came in while the previous one was being written (and one
/// transaction more for a group's failures).
///
/// **E-mail is delivered exactly once, across a crash too** (one window of two system calls aside,
/// below). An SMTP server accepts a
/// message only at the final `CRLF.CRLF` of its data; a connection that drops before it aborts the
/// transaction (RFC 5321, 3.3 and 4.1.1.4). So a session writes MAIL, RCPT, DATA and the whole text
/// except the final `.`, then hands its message's hand-over mark (`handed_at`) to the writer
/// together with an action that writes that `.` (non-blocking); the writer commits the marks of
/// every session waiting at that moment in one UPDATE and runs their actions the moment its result
/// arrives — in the database future's completion, on the event loop, before any task resumes —
/// then wakes the sessions, which read the answers:
/// - a crash before that commit: the server never saw the `.`, the row is not marked, and it is
///   sent again once its lease has run out (no duplicate);
/// - a crash after it: the row is marked handed over and is never claimed again (no duplicate);
///   `settleHandedOver` later records it as delivered with `last_error` `unconfirmed`;
/// - but a mark survives a kill before its commit is seen — on SQLite from the commit's write to
///   the log (before its fsync), on PostgreSQL from the UPDATE leaving, as the server commits a
///   statement whose client has died — and the `.` can only follow. A crash between the two left
///   messages marked that the server never accepted (about the hand-over rate × that window per
///   kill: bench/notices/crash.py). With a `HandOverJournal` (the server always gives one) the run
///   notes each group's marks before sending them and each end just before writing it (retracted
///   if it could not be written whole, noted again once it was); after a crash,
///   `recoverHandOvers` clears the marks of messages whose end was never noted, and they are sent
///   again. Left: a kill between an end's note and its `send`, two system calls in a row that wake
///   no other process, loses that message (recorded `unconfirmed`).
/// The answer to the `.`: 250 is `delivered` (marked in a later group, possibly after a crash:
/// then `unconfirmed`); 4xx/5xx a temporary/permanent failure as before, the mark cleared so that
/// it is retried; no answer at all (the connection broke after the `.`) `delivered` `unconfirmed`,
/// as the server may have accepted it. Each copy carries the row's id as its Message-ID.
///
/// **Webhooks go through the same loop, at least once**: a POST cannot be held half-sent, so their
/// session never asks for a mark. A session reserves a place in the `OutcomeLedger` before it
/// sends, freed only by the commit of its outcome, so at most `maxUnmarked` webhook messages are
/// ever accepted and not yet marked; those are sent again after a crash, with the same
/// `Madoguchi-Message-Id` (receivers drop a repeat).
///
/// A message whose attempt was cut off before its hand-over keeps its lease (`claimed_until`): once
/// the lease has run out another round takes it again, or, if that was its last attempt, records
/// it as a technical failure (`lease-expired`) instead of leaving it `sending`.
extension MailOutbox {
    /// SMTP connections (sessions) per batch unless the sender says otherwise (`MADOGUCHI_MAIL_CONNECTIONS`).
    /// Each message waits for its group commit before the end of its data, so throughput comes from
    /// connections: measured 4, 8, 16 and 32 against aiosmtpd (bench/notices/README.md), 16 is where
    /// it stops paying (a group then holds up to 16 hand-over marks).
    public static let defaultConnections = 16
    /// At most this many messages are between their reservation and the commit of their outcome
    /// (for webhooks, the duplicate window of a crash; for e-mail, also the most hand-over marks
    /// one group commit can hold).
    public static let maxUnmarked = 32

    /// Delivers up to `limit` due e-mails through `connections` sessions of `transport` in parallel;
    /// webhooks go through the same loop (`deliverDue(webhooks:…)`). A session stops taking messages
    /// after half the lease, and what no session took is given back, so no other instance can take
    /// a message this one is still sending.
    public func deliverDue(via transport: any MailTransport, from: String, limit: Int = 20, connections: Int = 1,
                           lease: TimeInterval = MailOutbox.lease, journal: HandOverJournal? = nil, now: Date = Date(),
                           on database: any Database) async throws -> Run {
        try await deliver(channel: .email, limit: limit, connections: connections, lease: lease, journal: journal, now: now, on: database) {
            MailChannelSession(session: transport.openSession(from: from), outbox: self)
        }
    }

    /// The one delivery loop of every channel: claims up to `limit` due messages of `channel`, opens
    /// `connections` sessions (only when something is due), each handing documents over one by one,
    /// while one writer commits hand-over marks and outcomes in groups (`OutcomeLedger`); gives
    /// back what is left after half the lease.
    func deliver(channel: DeliveryChannel, limit: Int, connections: Int = 1, lease: TimeInterval, journal: HandOverJournal? = nil, now: Date,
                 on database: any Database, open: () -> any OutboxChannelSession) async throws -> Run {
        let rows = try await claim(channel: channel, limit: limit, lease: lease, now: now, on: database)
        guard !rows.isEmpty else { return Run() }
        // A journal that cannot be made (a full or read-only disk) must not stop an alert: the run
        // goes on with the marks alone, as before there was a journal.
        let notes = try? journal?.begin()
        notes?.claimed(rows.compactMap { row in row.id.map { ($0, row.attempts) } })
        let started = Date()
        let ledger = OutcomeLedger(capacity: Self.maxUnmarked)
        let queue = ClaimedRows(rows)
        let sessions = (0..<max(1, min(connections, rows.count))).map { _ in open() }
        let outbox = self
        // No hand-over mark is committed once the lease is nearly over: another instance may take
        // the row after it, and both would end the data.
        let deadline = now.addingTimeInterval(lease - Self.handOverMargin)
        async let written = Self.writeGroups(from: ledger, now: now, deadline: deadline, journal: notes, on: database)
        await withTaskGroup(of: Void.self) { group in
            for session in sessions {
                group.addTask {
                    while let row = queue.take() {
                        guard Date().timeIntervalSince(started) <= lease / 2, await ledger.reserve() else {
                            queue.stop()
                            await ledger.add((row, .failure(Released())))
                            break
                        }
                        if let id = row.id { notes?.taken(id) }
                        let outcome: Result<Void, any Error>
                        do {
                            let document = try outbox.document(for: row)
                            let id = try row.requireID()
                            try await session.send(document: document, of: row, handOver: { writeEnd in
                                guard await ledger.handOver(id, writeEnd: writeEnd) else { throw HandOverFailed() }
                                return { notes?.ended(id) }
                            }, on: database)
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
        let run: Run
        do { run = try await written } catch {
            notes?.finish(keep: true)
            throw error
        }
        try await release(queue.remaining.compactMap(\.id), on: database)
        notes?.finish(keep: false)
        return run
    }

    /// The document (a `MailMessage` or `WebhookMessage` as JSON) of a claimed row: its sealed
    /// text decrypted, bound to the row. `UnreadableMessage` (its type name only) when it cannot be.
    func document(for row: OutboxMessage) throws -> String {
        do {
            return try cipher.decrypt(row.messageCiphertext, binding: row.binding())
        } catch {
            throw UnreadableMessage(kind: String(describing: type(of: error)))
        }
    }

    /// The message was not marked handed over (the writer failed, or the lease was nearly over):
    /// its session aborts the data (the receiver never sees its end), and the row is left unmarked
    /// and untouched, sent again once its lease has run out.
    struct HandOverFailed: Error {}

    /// A claimed message no session sent (half the lease was over): given back untried.
    struct Released: Error {}

    /// After the end of a claim's lease less this, its messages are no longer marked handed over:
    /// their sessions abort the data instead (the row is left to whoever claims it next).
    static let handOverMargin: TimeInterval = 5

    /// The one writer: each group the ledger hands over, committed at once — the hand-over marks and
    /// the delivered outcomes in one UPDATE (atomic on its own, one round trip), the ends of the
    /// marked messages written the moment its result arrives (`mark`), then, when the group holds
    /// failures, those in one transaction — then the sessions go on.
    static func writeGroups(from ledger: OutcomeLedger, now: Date, deadline: Date, journal: HandOverJournal.Run? = nil,
                            on database: any Database) async throws -> Run {
        var run = Run()
        var current: OutcomeLedger.Batch?
        do {
            while var batch = await ledger.take() {
                current = batch
                let late = Date() >= deadline
                let handOvers = late ? [] : batch.handOvers
                var delivered: [UUID] = []
                var others: [OutcomeLedger.Entry] = []
                for entry in batch.outcomes {
                    if case .success = entry.outcome { delivered.append(try entry.row.requireID()) } else { others.append(entry) }
                }
                let handed = handOvers.map(\.id)
                journal?.handed(handed)
                try await mark(handed: handed, delivered: delivered, on: database, thenRun: handOvers.map { handOver in
                    { @Sendable in
                        // Noted just before the write, not after it: see `HandOverJournal` for why.
                        journal?.ended(handOver.id)
                        if !handOver.writeEnd() { journal?.unended(handOver.id) }
                    }
                })
                for _ in delivered { run.add(.sent) }
                if !others.isEmpty {
                    // The marked sessions read their answers while the failures are written (a
                    // refusal's record clears the mark of its own message, committed in an earlier group).
                    await ledger.committed(OutcomeLedger.Batch(handOvers: batch.handOvers), handedOver: !late)
                    batch.handOvers = []
                    current = batch
                    let failures = others
                    for tally in try await database.transaction({ db in try await record(failures, now: now, on: db) }) { run.add(tally) }
                }
                current = nil
                await ledger.committed(batch, handedOver: !late)
            }
        } catch {
            await ledger.fail(unwritten: current)
            throw error
        }
        return run
    }

    /// One UPDATE: `handed` marked handed over, `delivered` marked delivered (lease ended). Only if it
    /// succeeded, `thenRun` (the marked messages' end-of-data writers: non-blocking) run the moment
    /// its result arrives, in the database future's own completion on its event loop, before any
    /// task resumes: nothing but the driver's hand-off to its event loop lies between the commit and
    /// the ends entering their sockets.
    static func mark(handed: [UUID], delivered: [UUID], on database: any Database, thenRun ends: [@Sendable () -> Void] = []) async throws {
        guard !handed.isEmpty || !delivered.isEmpty else { return }
        let sql = try database.sql(for: "the mail outbox")
        let at = Date()
        func when(_ ids: [UUID], _ then: SQLQueryString, else other: String) -> SQLQueryString {
            "CASE WHEN id IN (\(binds: ids)) THEN \(then) ELSE \(unsafeRaw: other) END"
        }
        var sets: [SQLQueryString] = []
        switch (handed.isEmpty, delivered.isEmpty) {
        case (false, true):
            sets = ["handed_at = \(bind: at)"]
        case (true, false):
            sets = ["status = 'delivered'", "status_at = \(bind: at)", "sent_at = \(bind: at)", "last_error = NULL", "claimed_until = NULL"]
        default:
            sets = ["handed_at = \(when(handed, "\(bind: at)", else: "handed_at"))",
                    "status = \(when(delivered, "'delivered'", else: "status"))",
                    "status_at = \(when(delivered, "\(bind: at)", else: "status_at"))",
                    "sent_at = \(when(delivered, "\(bind: at)", else: "sent_at"))",
                    "last_error = \(when(delivered, "NULL", else: "last_error"))",
                    "claimed_until = \(when(delivered, "NULL", else: "claimed_until"))"]
        }
        var query: SQLQueryString = "UPDATE \(ident: OutboxMessage.schema) SET "
        for (n, set) in sets.enumerated() {
            if n > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(set)
        }
        query.appendInterpolation(" WHERE id IN (\(binds: handed + delivered))" as SQLQueryString)
        let committed: EventLoopFuture<Void> = sql.execute(sql: query) { _ in }
        try await committed.map { for end in ends { end() } }.get()
    }

    /// Writes a group's failures: each in its own UPDATE, a released one given back (no lease, the
    /// attempt not counted). (Its delivered outcomes went with the group's marks: `mark`.)
    static func record(_ failures: [OutcomeLedger.Entry], now: Date, on database: any Database) async throws -> [Tally] {
        var released: [UUID] = []
        var tallies: [Tally] = []
        for (row, outcome) in failures {
            switch outcome {
            case .failure(let error as HandOverFailed):
                _ = error   // not marked, data aborted: the row is left as it is, for whoever claims it next
            case .failure(let error as Released):
                _ = error
                released.append(try row.requireID())
            case .success, .failure:
                tallies.append(try await record(outcome, for: row, now: now, on: database))
            }
        }
        if !released.isEmpty {
            try await database.sql(for: "the mail outbox").update(OutboxMessage.schema).set("claimed_until", to: SQLLiteral.null)
                .set(SQLIdentifier("attempts"), to: SQLRaw("attempts - 1")).where("id", .in, released).run()
        }
        return tallies
    }

    enum Tally: Sendable { case sent, retrying, failed }

    /// `last_error` of a message handed over whose acceptance was never seen (delivered, unconfirmed).
    public static let unconfirmed = "unconfirmed"

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
        case .failure(let error) where error is MailDeliveryUnconfirmed:
            // The end of the data went out after the hand-over mark; the answer never came.
            update.set("status", to: SQLBind(DeliveryStatus.delivered.rawValue)).set("sent_at", to: SQLBind(at))
                .set("last_error", to: SQLBind(Self.unconfirmed))
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
            // A refusal at the end of the data clears the hand-over mark: the receiver did not take it.
            update.set("status", to: SQLBind(recorded.rawValue)).set("handed_at", to: SQLLiteral.null)
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

    /// Which rows may be claimed: a pending status and no hand-over mark (a message handed over is
    /// never sent again). Spelt exactly as the partial index `mail_outbox_due` (mail.0003) is, so
    /// that both engines use it and the claim's scan stops at its limit.
    static let dueSQL = "status IN \(DeliveryStatus.pendingSQL) AND handed_at IS NULL"

    /// Claims due messages of one channel: the UPDATE re-checks the conditions on each row it locks,
    /// so when two instances race for the same rows only one gets each (PostgreSQL also skips rows
    /// another instance is claiming; SQLite has one writer at a time). The statuses are written as
    /// literals, as the partial index `mail_outbox_due` spells them (`dueSQL`), so the scan stops at `limit`.
    /// The rows come back from the UPDATE itself (`RETURNING`), read column by column.
    func claim(channel: DeliveryChannel = .email, limit: Int, lease: TimeInterval = MailOutbox.lease, now: Date,
               on database: any Database) async throws -> [OutboxMessage] {
        let sql = try database.sql(for: "the mail outbox")
        let until = now.addingTimeInterval(lease)
        // PostgreSQL: the candidates are picked once, in a materialized CTE. As a plain `IN (SELECT …
        // LIMIT n FOR UPDATE SKIP LOCKED)` the planner may rescan the subquery for each outer row,
        // and each rescan skips the rows this statement just locked: more than `limit` were claimed.
        let postgres = sql.dialect.name == "postgresql"
        let picked: SQLQueryString = """
            SELECT id FROM \(ident: OutboxMessage.schema) WHERE \(unsafeRaw: Self.dueSQL) \
            AND next_attempt_at <= \(bind: now) AND channel = \(bind: channel.rawValue) AND attempts < \(unsafeRaw: String(Self.maxAttempts)) \
            AND (claimed_until IS NULL OR claimed_until < \(bind: now)) ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(max(1, limit)))\(unsafeRaw: postgres ? " FOR UPDATE SKIP LOCKED" : "")
            """
        let candidates: SQLQueryString = postgres ? "SELECT id FROM picked" : picked
        let rows = try await sql.raw("""
            \(unsafeRaw: postgres ? "WITH picked AS MATERIALIZED (" : "")\(postgres ? picked : "")\(unsafeRaw: postgres ? ") " : "")\
            UPDATE \(ident: OutboxMessage.schema) SET claimed_until = \(bind: until), attempts = attempts + 1, status = 'sending' \
            WHERE id IN (\(candidates)) \
            AND \(unsafeRaw: Self.dueSQL) AND (claimed_until IS NULL OR claimed_until < \(bind: now)) \
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
            WHERE \(unsafeRaw: Self.dueSQL) AND next_attempt_at <= \(bind: now) AND status = 'sending' \
            AND attempts >= \(unsafeRaw: String(Self.maxAttempts)) AND claimed_until < \(bind: now) RETURNING id
            """).all()
        return rows.count
    }

    /// A message handed over (its mark committed, the end of its data due to be written) whose
    /// outcome was never recorded — the process died after the mark, or before the group holding
    /// its `delivered` — is never sent again: once its lease has run out it is recorded as
    /// delivered with `last_error` `unconfirmed` (and `sent_at` its hand-over time). Those rows are
    /// found through the partial index `mail_outbox_handed`. The delivery job runs this each round.
    @discardableResult
    public func settleHandedOver(now: Date = Date(), on database: any Database) async throws -> Int {
        let sql = try database.sql(for: "the mail outbox")
        let rows = try await sql.raw("""
            UPDATE \(ident: OutboxMessage.schema) SET status = 'delivered', last_error = \(bind: Self.unconfirmed), \
            sent_at = handed_at, status_at = \(bind: now), claimed_until = NULL \
            WHERE \(unsafeRaw: Self.handedSQL) AND claimed_until < \(bind: now) RETURNING id
            """).all()
        return rows.count
    }

    /// The rows handed over and not settled, spelt as the partial index `mail_outbox_handed` is.
    static let handedSQL = "status = 'sending' AND handed_at IS NOT NULL"
}
