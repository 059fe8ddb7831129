import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// The public pages being made right now, and the requests waiting for each (single flight).
final class PageFills: Sendable {
    /// A finished page that every waiter may answer with.
    struct Shared: Sendable {
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    private let waiting = NIOLockedValueBox([PublicPageCache.Key: [CheckedContinuation<Shared?, Never>]]())

    /// True when the caller is the first to ask for `key` and must make the page (then `finish`).
    func lead(_ key: PublicPageCache.Key) -> Bool {
        waiting.withLockedValue { waiting in
            guard waiting[key] == nil else { return false }
            waiting[key] = []
            return true
        }
    }

    /// Waits for the page being made for `key`; nil when it cannot be shared (or was finished already).
    func wait(for key: PublicPageCache.Key) async -> Shared? {
        await withCheckedContinuation { continuation in
            let queued = waiting.withLockedValue { waiting in
                guard waiting[key] != nil else { return false }
                waiting[key]!.append(continuation)
                return true
            }
            if !queued { continuation.resume(returning: nil) }
        }
    }

    /// The leader is done: every waiter gets `page` (nil: make your own).
    func finish(_ key: PublicPageCache.Key, with page: Shared?) {
        let waiters = waiting.withLockedValue { $0.removeValue(forKey: key) ?? [] }
        for waiter in waiters { waiter.resume(returning: page) }
    }
}
