import FluentKit
import Foundation
import SQLKit

extension MailOutbox {
    /// What `recoverHandOvers` found in the journals of runs that are gone.
    public struct HandOverRecovery: Sendable, Equatable {
        /// Marked messages whose end was never written: their marks cleared, sent again after their lease.
        public var reopened = 0
        /// Marked messages whose end was written: left for `settleHandedOver` (delivered).
        public var ended = 0
        /// Claimed messages no session took: their attempt given back, free at once.
        public var released = 0
        public init(reopened: Int = 0, ended: Int = 0, released: Int = 0) {
            self.reopened = reopened
            self.ended = ended
            self.released = released
        }
    }

    /// Reads the journals that delivery runs killed (or failed) left in `journal`'s folder
    /// (`HandOverJournal`) and clears the hand-over mark of every message they marked whose end of
    /// data never entered a socket: the SMTP server cannot have accepted it, so it goes back to the
    /// queue (claimed again once its lease has run out, with the same Message-ID). Only rows still
    /// `sending` and marked are touched: an outcome committed meanwhile stands. The messages a run
    /// claimed and no session took get their attempt back and are free at once, only if nobody
    /// has claimed them since (their attempts are still what that claim made them). The delivery job
    /// runs this before `settleHandedOver` each round, so a restarted server recovers its own runs
    /// before their marks can be settled as `unconfirmed`.
    @discardableResult
    public func recoverHandOvers(from journal: HandOverJournal, on database: any Database) async throws -> HandOverRecovery {
        var recovery = HandOverRecovery()
        let sql = try database.sql(for: "the mail outbox")
        /// Runs `update` (ending `RETURNING id`) over `ids`, `insertChunk` at a time; how many rows it changed.
        func updated(_ ids: [UUID], _ update: ([UUID]) -> SQLQueryString) async throws -> Int {
            var count = 0
            for start in stride(from: 0, to: ids.count, by: Self.insertChunk) {
                count += try await sql.raw(update(Array(ids[start..<min(ids.count, start + Self.insertChunk)]))).all().count
            }
            return count
        }
        try await journal.recover { leftover in
            recovery.ended += leftover.ended.count
            for (attempts, rows) in Dictionary(grouping: leftover.untried, by: \.attempts) {
                recovery.released += try await updated(rows.map(\.id)) { ids in """
                    UPDATE \(ident: OutboxMessage.schema) SET claimed_until = NULL, attempts = attempts - 1 \
                    WHERE id IN (\(binds: ids)) AND attempts = \(bind: attempts) AND status = 'sending' AND handed_at IS NULL RETURNING id
                    """ }
            }
            recovery.reopened += try await updated(leftover.unended) { ids in """
                UPDATE \(ident: OutboxMessage.schema) SET handed_at = NULL \
                WHERE id IN (\(binds: ids)) AND \(unsafeRaw: Self.handedSQL) RETURNING id
                """ }
        }
        return recovery
    }
}
