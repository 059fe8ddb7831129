import FluentKit
import Foundation
import Mail
import MadoguchiCore
import SQLKit

/// Group commit for submissions: applications arriving together are written by one writer in one
/// transaction — one INSERT of the applications, their audit entries chained in one append, one
/// INSERT of their receipt e-mails, one COMMIT (one fsync) — and each submitter is answered only
/// after that commit. While a batch commits, the next one gathers; under load a batch grows, alone
/// a submission is a batch of one.
///
/// A filing whose idempotency key or receipt number is already taken is left out of the batch
/// (`INSERT … ON CONFLICT DO NOTHING`) and reported `taken`, so the caller can answer the replay or
/// draw another number. If the batch fails for any other reason, each filing is written again alone
/// in its own transaction: one bad submission fails by itself and never takes the others with it.
///
/// On SQLite the writer's database is a single connection (see `configure`), so submissions never
/// contend for SQLite's one write lock; on PostgreSQL batches from several instances serialise on the
/// audit chain's head row like any other append.
public actor SubmissionWriter {
    /// An application ready to be written: its row, encrypted, and what is committed with it.
    struct Filing: Sendable {
        let id: UUID
        let municipalityID: UUID
        let formID: String
        let formVersion: Int
        let receiptNumber: String
        let valuesCiphertext: String
        let secretHash: String
        let idempotencyKey: String
        let reissueHash: String?
        let audit: AuditEvent
        let mail: MailOutbox.Queued?
    }

    enum Outcome: Sendable, Equatable {
        case filed
        /// The idempotency key or the receipt number was already in use: nothing was written.
        case taken
    }

    /// The most filings one transaction carries.
    public static let maxBatch = 64

    private let database: @Sendable () -> any Database
    private let audit: any AuditTrail
    private let outbox: MailOutbox?
    private var waiting: [(filing: Filing, answer: CheckedContinuation<Outcome, any Error>)] = []
    private var draining = false

    /// - Parameter database: where batches are written (on SQLite: the one writer connection).
    public init(database: @escaping @Sendable () -> any Database, audit: any AuditTrail, outbox: MailOutbox?) {
        self.database = database
        self.audit = audit
        self.outbox = outbox
    }

    /// Returns once `filing` is committed (or known to be taken).
    func file(_ filing: Filing) async throws -> Outcome {
        try await withCheckedThrowingContinuation { answer in
            waiting.append((filing, answer))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.maxBatch))
            waiting.removeFirst(batch.count)
            let results = await commit(batch.map(\.filing))
            for (waiter, result) in zip(batch, results) { waiter.answer.resume(with: result) }
        }
        draining = false
    }

    nonisolated func commit(_ filings: [Filing]) async -> [Result<Outcome, any Error>] {
        do {
            return try await write(filings).map { .success($0) }
        } catch {
            guard filings.count > 1 else { return [.failure(error)] }
            var results: [Result<Outcome, any Error>] = []
            for filing in filings {
                do { results.append(.success(try await write([filing])[0])) } catch { results.append(.failure(error)) }
            }
            return results
        }
    }

    /// One transaction for `filings`: the applications, then (for those written) their audit
    /// entries in order and their receipt e-mails.
    private nonisolated func write(_ filings: [Filing]) async throws -> [Outcome] {
        let audit = self.audit, outbox = self.outbox
        return try await database().transaction { db in
            let insert = try db.sql(for: "filing applications").insert(into: FormApplication.schema)
                .columns("id", "municipality_id", "form_id", "form_version", "receipt_number", "status", "values", "secret_hash",
                         "idempotency_key", "reissue_hash", "submitted_at")
            let now = Date()
            for filing in filings {
                insert.values([SQLBind(filing.id), SQLBind(filing.municipalityID), SQLBind(filing.formID), SQLBind(filing.formVersion),
                               SQLBind(filing.receiptNumber), SQLBind(ApplicationStatus.received.rawValue), SQLBind(filing.valuesCiphertext),
                               SQLBind(filing.secretHash), SQLBind(filing.idempotencyKey), SQLBind(filing.reissueHash), SQLBind(now)])
            }
            let rows = try await insert.ignoringConflicts().returning("id").all()
            let filed = Set(try rows.map { try $0.decode(column: "id", as: UUID.self) })
            let written = filings.filter { filed.contains($0.id) }
            try await audit.recordAll(written.map(\.audit), on: db)
            if let outbox { try await outbox.enqueueAll(written.compactMap(\.mail), on: db) }
            return filings.map { filed.contains($0.id) ? .filed : .taken }
        }
    }
}
