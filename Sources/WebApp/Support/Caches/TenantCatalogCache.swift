import Foundation

/// A per-municipality catalogue (the shipped rules or forms with that municipality's edits),
/// rebuilt only when the edits' fingerprint in the database changes, so every instance sees an
/// edit on its next request. An empty fingerprint means no edits: the shipped catalogue.
actor TenantCatalogCache<Catalog: Sendable> {
    private let shipped: Catalog
    private var cached: [UUID: (version: String, catalog: Catalog)] = [:]

    init(shipped: Catalog) { self.shipped = shipped }

    func catalog(for municipalityID: UUID, version: String, build: () async throws -> Catalog) async rethrows -> Catalog {
        if version.isEmpty { return shipped }
        if let hit = cached[municipalityID], hit.version == version { return hit.catalog }
        let catalog = try await build()
        cached[municipalityID] = (version, catalog)
        return catalog
    }
}
