import Foundation

/// Between the sessions handing a batch over in parallel and the one writer that commits for them.
/// A session reserves a place before it sends (at most `capacity` messages are ever between their
/// reservation and the commit of their outcome); an e-mail session then asks for its hand-over mark
/// (`handOver`), giving the writer its end-of-data action, and waits; when the receiver answers, the
/// session adds the outcome. The writer takes everything asked and added since its last commit as
/// its next transaction (a group commit: with N sessions, up to N hand-over marks at once), runs the
/// end-of-data actions of the marked messages the moment that commit is seen (`MailOutbox.writeGroups`),
/// then wakes the sessions it marked.
/// So the messages a crash can leave accepted but unmarked — only webhooks, which have no hand-over
/// mark — are never more than `capacity`, however many sessions run.
actor OutcomeLedger {
    typealias Entry = (row: OutboxMessage, outcome: Result<Void, any Error>)

    /// What the writer commits in one transaction: hand-over marks (each session waiting on its
    /// own) and outcomes.
    struct Batch {
        var handOvers: [(id: UUID, writeEnd: @Sendable () -> Bool, waiter: CheckedContinuation<Bool, Never>)] = []
        var outcomes: [Entry] = []
        var isEmpty: Bool { handOvers.isEmpty && outcomes.isEmpty }
    }

    let capacity: Int
    private var waiting = Batch()
    /// Reserved and not yet committed.
    private var reserved = 0
    private var writer: CheckedContinuation<Batch?, Never>?
    private var blocked: [CheckedContinuation<Void, Never>] = []
    private var finished = false
    private var failed = false

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Waits for a place; false once the writer has failed (the session stops).
    func reserve() async -> Bool {
        while reserved >= capacity, !failed {
            await withCheckedContinuation { blocked.append($0) }
        }
        guard !failed else { return false }
        reserved += 1
        return true
    }

    /// Asks for the message's hand-over mark and waits until the writer has committed it and run
    /// `writeEnd`: true then, false if the writer failed or the lease was nearly over (the mark
    /// may not be there, `writeEnd` was not run: the session must abort).
    func handOver(_ id: UUID, writeEnd: @escaping @Sendable () -> Bool) async -> Bool {
        guard !failed else { return false }
        return await withCheckedContinuation { waiter in
            waiting.handOvers.append((id, writeEnd, waiter))
            wakeWriter()
        }
    }

    /// A reserved message's outcome, for the writer's next transaction.
    func add(_ entry: Entry) {
        waiting.outcomes.append(entry)
        wakeWriter()
    }

    private func wakeWriter() {
        if let writer {
            self.writer = nil
            let batch = waiting
            waiting = Batch()
            writer.resume(returning: batch)
        }
    }

    /// The writer's next batch: everything asked and added since it last took; nil when the
    /// sessions are done and nothing is left.
    func take() async -> Batch? {
        if !waiting.isEmpty {
            let batch = waiting
            waiting = Batch()
            return batch
        }
        if finished || failed { return nil }
        return await withCheckedContinuation { writer = $0 }
    }

    /// The writer committed a batch: its hand-over marks are durable and their ends written (their
    /// sessions go on to read the answers) unless `handedOver` is false (too late in the lease, not
    /// marked: they abort), and the places of its outcomes are free.
    func committed(_ batch: Batch, handedOver: Bool = true) {
        for handOver in batch.handOvers { handOver.waiter.resume(returning: handedOver) }
        reserved -= batch.outcomes.count
        resumeBlocked()
    }

    /// Every session has stopped.
    func finish() {
        finished = true
        if let writer, waiting.isEmpty {
            self.writer = nil
            writer.resume(returning: nil)
        }
    }

    /// The writer failed (`unwritten`: the batch it was writing, if any): sessions stop at their
    /// next reservation, and every session waiting for a hand-over mark aborts its message.
    func fail(unwritten: Batch?) {
        failed = true
        for handOver in (unwritten?.handOvers ?? []) + waiting.handOvers { handOver.waiter.resume(returning: false) }
        waiting.handOvers = []
        resumeBlocked()
        if let writer {
            self.writer = nil
            writer.resume(returning: nil)
        }
    }

    private func resumeBlocked() {
        let waking = blocked
        blocked = []
        for continuation in waking { continuation.resume() }
    }
}

/// The claimed rows of a batch, handed to the sessions one at a time; `stop` keeps the rest for
/// `remaining` (given back untried).
final class ClaimedRows: @unchecked Sendable {
    private let lock = NSLock()
    private let rows: [OutboxMessage]
    private var next = 0
    private var stopped = false

    init(_ rows: [OutboxMessage]) { self.rows = rows }

    func take() -> OutboxMessage? {
        lock.withLock {
            guard !stopped, next < rows.count else { return nil }
            defer { next += 1 }
            return rows[next]
        }
    }

    func stop() { lock.withLock { stopped = true } }

    /// The rows no session took.
    var remaining: [OutboxMessage] { lock.withLock { Array(rows[min(next, rows.count)...]) } }
}
