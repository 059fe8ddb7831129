import Foundation
import MadoguchiCore
import Vapor

/// Runs `body` every `interval` seconds from boot until shutdown (0 = never), for background jobs
/// that are safe on every instance (the retention purge, mail delivery). `body` handles and logs its
/// own errors, so one failed run never stops the loop. A job with a `wakeName` also starts its next
/// round as soon as `JobWakeups.shared.wake(wakeName)` is called (an alert's fan-out, mail to deliver).
final class RepeatingJob: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    let interval: Int
    let wakeName: String?
    let body: @Sendable (Application) async -> Void

    init(interval: Int, wakeName: String? = nil, body: @escaping @Sendable (Application) async -> Void) {
        self.interval = interval
        self.wakeName = wakeName
        self.body = body
    }

    func didBootAsync(_ app: Application) async throws {
        guard interval > 0 else { return }
        let (interval, body, wakeName) = (interval, body, wakeName)
        let started = Task {
            while !Task.isCancelled {
                await body(app)
                if let wakeName {
                    await JobWakeups.shared.sleep(wakeName, seconds: interval)
                } else {
                    try? await Task.sleep(for: .seconds(interval))
                }
            }
        }
        lock.withLock { task = started }
    }

    func shutdownAsync(_ app: Application) async {
        lock.withLock { task }?.cancel()
    }
}
