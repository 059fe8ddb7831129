import MadoguchiCore
import Vapor

/// Every `Configuration.PageCache.syncSeconds`, reads the shared `PublicContentVersion` and drops
/// this instance's cached public pages when another instance (or this one) has moved it: the bound on
/// how long an instance may serve a page that a write elsewhere has changed.
enum PublicPageCacheSync {
    static func job(cache: PublicPageCache, interval: Int) -> RepeatingJob {
        RepeatingJob(interval: interval) { app in
            do {
                cache.observe(version: try await PublicContentVersion.current(on: app.db))
            } catch {
                // The database is away: keep no page longer than this round could vouch for.
                cache.invalidate()
                app.logger.warning("public content version unreadable; cached pages dropped",
                                   metadata: ["error": .string(String(describing: type(of: error)))])
            }
        }
    }
}
