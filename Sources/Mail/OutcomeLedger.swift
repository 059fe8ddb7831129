import Foundation

/// Between the sessions handing a batch over in parallel and the one writer that commits their
/// outcomes: a session reserves a place before it sends (at most `capacity` messages are ever
/// between their reservation and the commit of their outcome), adds the outcome when the receiver
/// answers, and the writer takes everything added since its last commit as its next transaction.
/// So the messages a crash can leave accepted but unmarked (sent again after the lease) are never
/// more than `capacity`, however many sessions run.
actor OutcomeLedger {
    typealias Entry = (row: OutboxMessage, outcome: Result<Void, any Error>)

    let capacity: Int
    private var waiting: [Entry] = []
    /// Reserved and not yet committed.
    private var reserved = 0
    private var writer: CheckedContinuation<[Entry]?, Never>?
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

    /// A reserved message's outcome, for the writer's next transaction.
    func add(_ entry: Entry) {
        waiting.append(entry)
        if let writer {
            self.writer = nil
            let batch = waiting
            waiting = []
            writer.resume(returning: batch)
        }
    }

    /// The writer's next batch: everything added since it last took; nil when the sessions are done
    /// and nothing is left.
    func take() async -> [Entry]? {
        if !waiting.isEmpty {
            let batch = waiting
            waiting = []
            return batch
        }
        if finished || failed { return nil }
        return await withCheckedContinuation { writer = $0 }
    }

    /// The writer committed `count` outcomes: their places are free.
    func committed(_ count: Int) {
        reserved -= count
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

    /// The writer failed: sessions stop at their next reservation.
    func fail() {
        failed = true
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
