import FluentKit
import Foundation
import MadoguchiCore
import Notices
import Vapor

/// The active evacuation alerts of every municipality, held in memory so that the banner on every
/// public page costs no database query. A write on this instance reloads it at once
/// (`reload(on:)`); every instance also reloads it every second (`job`), and when the set of
/// alerts changed it drops the cached public pages, which carry the banner.
final class ActiveAlertCache: @unchecked Sendable {
    private let lock = NSLock()
    private var byMunicipality: [UUID: [AlertQueries.Active]] = [:]

    /// The alerts a page of `municipalityID` shows.
    func alerts(for municipalityID: UUID) -> [AlertQueries.Active] {
        lock.withLock { byMunicipality[municipalityID] ?? [] }
    }

    /// Reads the active alerts; returns whether they changed.
    @discardableResult
    func reload(on database: any Database) async throws -> Bool {
        let active = try await AlertQueries.allActive(on: database)
        let grouped = Dictionary(grouping: active, by: \.municipalityID)
        return lock.withLock {
            let changed = grouped != byMunicipality
            byMunicipality = grouped
            return changed
        }
    }

    /// Reloads every second; a change empties this instance's cache of public pages.
    static func job(cache: ActiveAlertCache, pageCache: PublicPageCache) -> RepeatingJob {
        RepeatingJob(interval: 1) { app in
            do {
                if try await cache.reload(on: app.db) { pageCache.invalidate() }
            } catch {
                app.logger.warning("active alerts unreadable; the banner keeps its last state",
                                   metadata: ["error": .string(String(describing: type(of: error)))])
            }
        }
    }
}

extension Application {
    private struct ActiveAlertCacheKey: StorageKey { typealias Value = ActiveAlertCache }

    /// The banner's alerts (set by `configure`).
    var activeAlerts: ActiveAlertCache {
        get {
            if let cache = storage[ActiveAlertCacheKey.self] { return cache }
            let cache = ActiveAlertCache()
            storage[ActiveAlertCacheKey.self] = cache
            return cache
        }
        set { storage[ActiveAlertCacheKey.self] = newValue }
    }
}
