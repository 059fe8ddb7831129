import Foundation
import NIOConcurrencyHelpers

/// Limits sign-in attempts per client address within one instance (the per-account lock-out in
/// the database covers several instances): at most `limit` attempts per `window`.
final class LoginRateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let attempts = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int = 20, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Records an attempt and returns false when the address is over the limit.
    func allow(_ address: String, now: Date = Date()) -> Bool {
        attempts.withLockedValue { table in
            if table.count > 10_000 { table = table.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false } }
            var recent = (table[address] ?? []).filter { now.timeIntervalSince($0) < window }
            guard recent.count < limit else { table[address] = recent; return false }
            recent.append(now)
            table[address] = recent
            return true
        }
    }
}
