import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MadoguchiCore
import NIOConcurrencyHelpers
import NIOCore
import Prometheus
import Vapor

/// Public pages kept in memory, whole (status line, headers and body), so that the front server can
/// answer a repeated request for them without the application: what a disaster night needs, when
/// every resident opens the same few pages at once.
///
/// - **What enters.** Only what `PublicPageCacheMiddleware` stores: a `200` answer to a plain `GET`
///   on a route registered as a public read (`PublicReads`), with no cookie set, no `Vary`, no form
///   token and nobody signed in or presenting a token. Keyed by the request target (path and query,
///   as sent) and the page language. And a `200` answer to a `POST` on a route marked
///   `publicComputed()` (the navigator's screens), read whole by the front: keyed also by a SHA-256
///   of its `Content-Type` and body bytes and by the day in Japan it was computed for (`Posted`).
/// - **What drops it.** `invalidate()`: every write that may change public content, on this
///   instance at once; `observe(version:)` does the same when another instance's write moved the
///   shared `PublicContentVersion`. A page made by a request that started before an invalidation is
///   never stored (each page carries the generation its request started in). And every page expires
///   `Configuration.PageCache.seconds` after it was made.
/// - **Bounded.** At most `Configuration.PageCache.megabytes` of pages, counted as the memory their
///   buffers hold (`Page.footprint`); a page longer than an eighth of that is never kept; when full,
///   pages are dropped to make room. Computed `POST` answers take at
///   most half of it and only ever drop each other (a flood of different posts leaves the pages).
final class PublicPageCache: Sendable {
    struct Key: Hashable, Sendable {
        /// The request target as sent: path and query.
        let target: String
        let language: UILanguage
        /// For a `POST`: what was posted and the day; nil for a `GET`.
        var posted: Posted? = nil
    }

    /// What else a computed `POST` answer depends on: the exact bytes posted (with their
    /// `Content-Type`), hashed, so the key holds no answer in clear, and the day in Japan it was
    /// computed for (deadlines, dates refused as future), as `CivilDate.dayNumber`.
    struct Posted: Hashable, Sendable {
        let digest: SHA256Digest
        let day: Int

        init(contentType: String, body: ByteBuffer?, day: Int) {
            var hasher = SHA256()
            hasher.update(data: Array(contentType.utf8))
            hasher.update(data: [0])
            if let body { body.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) } }
            digest = hasher.finalize()
            self.day = day
        }
    }

    /// A stored answer: everything before the `Date` header, and the body.
    struct Page: Sendable {
        let head: ByteBuffer
        let body: ByteBuffer
        /// The answer's length (what the eighth-of-the-bound rule looks at).
        var size: Int { head.readableBytes + body.readableBytes }
        /// The memory its buffers hold, which the bound counts: NIO rounds a buffer's storage up to a
        /// power of two, so counted by length the navigator's computed answers in the HTTP benchmark
        /// held 31 MB (2,194 bodies, heaptrack) under a bound of 16 MB.
        var footprint: Int { head.capacity + body.capacity }
    }

    /// An opaque stamp of the cache's state when a request started (see `store`).
    struct Generation: Equatable, Sendable {
        fileprivate let value: UInt64
    }

    private struct Stored {
        let page: Page
        let generation: UInt64
        let expires: NIODeadline
    }

    private struct State {
        /// `GET` pages, and computed `POST` answers apart (so that posts can never crowd out pages).
        var pages: [Key: Stored] = [:]
        var computed: [Key: Stored] = [:]
        var bytes = 0
        var computedBytes = 0
        var generation: UInt64 = 0
        var seenVersion: Int64?
        var daysAhead = 0

        mutating func remove(_ key: Key) {
            if key.posted == nil {
                if let old = pages.removeValue(forKey: key) { bytes -= old.page.footprint }
            } else if let old = computed.removeValue(forKey: key) {
                bytes -= old.page.footprint
                computedBytes -= old.page.footprint
            }
        }

        /// Drops one computed answer; false when none is kept.
        mutating func dropComputed() -> Bool {
            guard let victim = computed.first else { return false }
            computed.remove(at: computed.startIndex)
            bytes -= victim.value.page.footprint
            computedBytes -= victim.value.page.footprint
            return true
        }
    }

    let lifetime: TimeAmount
    let capacity: Int
    var enabled: Bool { lifetime > .zero }
    private let state = NIOLockedValueBox(State())
    private let metrics: PublicPageCacheMetrics?

    init(settings: Configuration.PageCache, metrics: PublicPageCacheMetrics? = nil) {
        lifetime = .seconds(Int64(settings.seconds))
        capacity = settings.megabytes * 1024 * 1024
        self.metrics = metrics
    }

    /// The page for `key`, if one is stored, current and not expired.
    func page(for key: Key, now: NIODeadline = .now()) -> Page? {
        let page: Page? = state.withLockedValue { state in
            guard let stored = key.posted == nil ? state.pages[key] : state.computed[key] else { return nil }
            guard stored.generation == state.generation, now < stored.expires else {
                state.remove(key)
                return nil
            }
            return stored.page
        }
        if page != nil { metrics?.hit() } else { metrics?.miss() }
        return page
    }

    /// Read when a request starts; a page made by that request is stored only if nothing changed since.
    var generation: Generation { Generation(value: state.withLockedValue { $0.generation }) }

    /// Keeps `page` for `key` unless the cache was invalidated since `generation` was read, or the
    /// page is too large for it. Computed answers (`key.posted`) take at most half of the capacity
    /// and make room only among themselves: a flood of different posts never drops a `GET` page.
    func store(_ page: Page, for key: Key, madeIn generation: Generation, now: NIODeadline = .now()) {
        guard enabled, page.size <= capacity / 8 else { return }
        let footprint = page.footprint
        let stored = Stored(page: page, generation: generation.value, expires: now + lifetime)
        let kept: Bool = state.withLockedValue { state in
            guard state.generation == generation.value else { return false }
            state.remove(key)
            if key.posted != nil {
                while state.computedBytes + footprint > capacity / 2 || state.bytes + footprint > capacity {
                    guard state.dropComputed() else { return false }
                }
                state.computed[key] = stored
                state.computedBytes += footprint
            } else {
                while state.bytes + footprint > capacity {
                    if state.dropComputed() { continue }
                    guard let victim = state.pages.first else { break }
                    state.pages.remove(at: state.pages.startIndex)
                    state.bytes -= victim.value.page.footprint
                }
                state.pages[key] = stored
            }
            state.bytes += footprint
            return true
        }
        if kept { metrics?.stored() }
    }

    /// Drops every page: something public may have changed.
    func invalidate() {
        state.withLockedValue { state in
            state.generation &+= 1
            state.pages.removeAll(keepingCapacity: true)
            state.computed.removeAll(keepingCapacity: true)
            state.bytes = 0
            state.computedBytes = 0
        }
        metrics?.invalidated()
    }

    /// Takes note of the shared version; drops every page when it moved since the last look.
    func observe(version: Int64) {
        let moved: Bool = state.withLockedValue { state in
            defer { state.seenVersion = version }
            return state.seenVersion.map { $0 != version } ?? false
        }
        if moved { invalidate() }
    }

    /// Today in Japan (UTC+9, no daylight saving time) as `CivilDate.dayNumber`: the day a computed
    /// `POST` answer is keyed by and made for. `daysAhead` moves it for tests of a day change.
    func day(epochSeconds: Int = Int(time(nil))) -> Int {
        let seconds = epochSeconds + 9 * 3600
        let (quotient, remainder) = seconds.quotientAndRemainder(dividingBy: 86_400)
        return (remainder < 0 ? quotient - 1 : quotient) + state.withLockedValue { $0.daysAhead }
    }

    /// Moves the day `day()` answers (tests only: a day change without waiting for midnight).
    func pretendDaysAhead(_ days: Int) { state.withLockedValue { $0.daysAhead = days } }

    /// How many bytes the kept pages hold now (computed answers included; `Page.footprint`).
    var storedBytes: Int { state.withLockedValue { $0.bytes } }

    /// How many bytes the kept computed `POST` answers hold now.
    var computedBytes: Int { state.withLockedValue { $0.computedBytes } }
}

/// The cache's figures on `/metrics`.
struct PublicPageCacheMetrics: Sendable {
    private let hits: Counter
    private let misses: Counter
    private let stores: Counter
    private let invalidations: Counter

    init(registry: PrometheusCollectorRegistry) {
        hits = registry.makeCounter(name: "madoguchi_page_cache_hits_total")
        misses = registry.makeCounter(name: "madoguchi_page_cache_misses_total")
        stores = registry.makeCounter(name: "madoguchi_page_cache_stores_total")
        invalidations = registry.makeCounter(name: "madoguchi_page_cache_invalidations_total")
    }

    func hit() { hits.increment() }
    func miss() { misses.increment() }
    func stored() { stores.increment() }
    func invalidated() { invalidations.increment() }
}

extension Application {
    private struct PublicPageCacheKey: StorageKey { typealias Value = PublicPageCache }

    /// The cache of public pages; set by `configure`.
    var publicPageCache: PublicPageCache? {
        get { storage[PublicPageCacheKey.self] }
        set { storage[PublicPageCacheKey.self] = newValue }
    }
}
