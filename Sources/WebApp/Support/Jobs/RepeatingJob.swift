import Foundation
import Vapor

/// Runs `body` every `interval` seconds from boot until shutdown (0 = never), for background jobs
/// that are safe on every instance (the retention purge, mail delivery). `body` handles and logs its
/// own errors, so one failed run never stops the loop.
final class RepeatingJob: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    let interval: Int
    let body: @Sendable (Application) async -> Void

    init(interval: Int, body: @escaping @Sendable (Application) async -> Void) {
        self.interval = interval
        self.body = body
    }

    func didBootAsync(_ app: Application) async throws {
        guard interval > 0 else { return }
        let (interval, body) = (interval, body)
        let started = Task {
            while !Task.isCancelled {
                await body(app)
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        lock.withLock { task = started }
    }

    func shutdownAsync(_ app: Application) async {
        lock.withLock { task }?.cancel()
    }
}
