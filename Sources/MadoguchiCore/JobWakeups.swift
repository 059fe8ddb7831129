import Foundation

/// Wakes a background job of this process before its interval ends: a module that has just
/// committed work for a job (an alert's fan-out, the mails a fan-out queued) calls
/// `wake(jobName)`, and the job's next round starts at once instead of at its next poll. Jobs run
/// on every instance; other instances are not woken and pick the work up at their own next round
/// (their interval setting is the bound on how late they join).
///
/// A wake that arrives while the job is running is kept, so the sleep after that round ends at
/// once (work committed during a round is never left for a whole interval).
public final class JobWakeups: @unchecked Sendable {
    /// The process's wake-ups: the server's job runner sleeps on it, modules wake through it.
    public static let shared = JobWakeups()

    private let lock = NSLock()
    /// Jobs woken while nobody slept on them.
    private var pending: Set<String> = []
    private var sleepers: [String: [UUID: CheckedContinuation<Void, Never>]] = [:]

    public init() {}

    /// Ends the current sleep of every runner of `jobName`, or the next one if none sleeps now.
    public func wake(_ jobName: String) {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            guard let waiting = sleepers.removeValue(forKey: jobName), !waiting.isEmpty else {
                pending.insert(jobName)
                return []
            }
            return Array(waiting.values)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Sleeps `seconds`, or less if `jobName` is woken (or was woken since the last sleep), or the
    /// task is cancelled.
    public func sleep(_ jobName: String, seconds: Int) async {
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(for: .seconds(seconds))
            self?.end(jobName, id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = lock.withLock {
                    if pending.remove(jobName) != nil || Task.isCancelled { return true }
                    sleepers[jobName, default: [:]][id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            end(jobName, id)
        }
        timer.cancel()
    }

    private func end(_ jobName: String, _ id: UUID) {
        let continuation = lock.withLock { sleepers[jobName]?.removeValue(forKey: id) }
        continuation?.resume()
    }
}
