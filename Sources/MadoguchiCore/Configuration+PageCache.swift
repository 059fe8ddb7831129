extension Configuration {
    /// The cache of public pages (`PublicPageCache` in WebApp): what anyone may read without signing
    /// in (home, navigator start, datasets, CKAN reads, DCAT, static files), kept in memory and served
    /// by the front server without reaching the application.
    ///
    /// A page is dropped when any write that may change public content commits (on this instance at
    /// once; on the others within `syncSeconds`, through `PublicContentVersion`), and at the latest
    /// `seconds` after it was made (for what changes with time alone, e.g. a publication date).
    public struct PageCache: Sendable, Equatable {
        /// `MADOGUCHI_PAGE_CACHE_SECONDS`, 0–3600; 30. 0 turns the cache off.
        public var seconds = 30
        /// `MADOGUCHI_PAGE_CACHE_MEGABYTES`, 1–4096; 32: pages beyond this are not kept (a page over
        /// an eighth of it never is).
        public var megabytes = 32
        /// How often an instance reads the shared version, in seconds: the bound on how long another
        /// instance may serve a page changed on this one. Fixed.
        public let syncSeconds = 1

        public init() {}

        public var enabled: Bool { seconds > 0 }

        static func resolve(_ env: [String: String]) throws(Problem) -> PageCache {
            var cache = PageCache()
            if let value = try Configuration.integer(env, "MADOGUCHI_PAGE_CACHE_SECONDS", in: 0...3600, "number of seconds") { cache.seconds = value }
            if let value = try Configuration.integer(env, "MADOGUCHI_PAGE_CACHE_MEGABYTES", in: 1...4096, "number of megabytes") { cache.megabytes = value }
            return cache
        }
    }
}
