import MadoguchiCore
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Answers from the database that only a staff write can change, kept in memory beside the cached
/// public pages and dropped with them: the municipality a path names (`TenantMiddleware`) and the
/// fingerprint of a municipality's rule edits (`Request.lifeEventCatalog`) and of its form edits
/// (`Request.formCatalog`). Without it every request,
/// the navigator's POST screens among them, paid two queries before doing any work of its own.
///
/// - **Same rules as the pages.** An answer is kept with the `PublicPageCache` generation its lookup
///   started in, and is good only while the generation has not moved and for the pages' lifetime
///   (`Configuration.PageCache.seconds`). Every write by a signed-in member or an API token's owner
///   invalidates the pages on this instance at once, and `PublicContentVersion` carries it to the
///   other instances within `syncSeconds`; an answer read before the write is never kept after it.
/// - **Only what exists.** A lookup that finds nothing is not kept (a municipality created a moment
///   ago is seen at once, and made-up codes cannot fill memory).
/// - **Bounded.** At most `capacity` answers; when full, all are dropped and lookups start again.
/// - **Off with the pages.** With the page cache turned off, every lookup reads the database.
final class PublicLookupCache: Sendable {
    enum Key: Hashable, Sendable {
        /// The municipality with this 全国地方公共団体コード.
        case municipality(code: String)
        /// The fingerprint of a municipality's edits to the procedure inventory.
        case inventoryVersion(municipalityID: UUID)
        /// The fingerprint of a municipality's edits to its online forms (`Request.formCatalog`).
        case formsVersion(municipalityID: UUID)
    }

    private struct Entry {
        let value: any Sendable
        let generation: PublicPageCache.Generation
        let expires: NIODeadline
    }

    let capacity: Int
    private let pages: PublicPageCache
    private let entries = NIOLockedValueBox([Key: Entry]())

    init(pages: PublicPageCache, capacity: Int = 4096) {
        self.pages = pages
        self.capacity = capacity
    }

    /// The kept answer for `key`, or `lookUp()`'s (kept when it found something and nothing public
    /// changed while it looked).
    func value<Value: Sendable>(for key: Key, as type: Value.Type = Value.self, now: NIODeadline = .now(),
                                lookUp: () async throws -> Value?) async throws -> Value? {
        guard pages.enabled else { return try await lookUp() }
        let generation = pages.generation
        let kept: Value? = entries.withLockedValue { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.generation == generation, now < entry.expires, let value = entry.value as? Value else {
                entries.removeValue(forKey: key)
                return nil
            }
            return value
        }
        if let kept { return kept }
        guard let found = try await lookUp() else { return nil }
        let entry = Entry(value: found, generation: generation, expires: now + pages.lifetime)
        entries.withLockedValue { entries in
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
        return found
    }

    /// How many answers are kept now.
    var count: Int { entries.withLockedValue { $0.count } }
}

extension Application {
    private struct PublicLookupCacheKey: StorageKey { typealias Value = PublicLookupCache }

    /// The lookups kept beside the public pages; set by `configure`.
    var publicLookups: PublicLookupCache? {
        get { storage[PublicLookupCacheKey.self] }
        set { storage[PublicLookupCacheKey.self] = newValue }
    }
}
