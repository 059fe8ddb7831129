import Counter
import FluentKit
import Foundation
import MadoguchiCore
import Vapor

/// Each municipality's procedure inventory (shipped rules + its edits).
typealias LifeEventCatalogCache = TenantCatalogCache<LifeEventCatalog>

extension Request {
    private struct LifeEventCatalogKey: StorageKey { typealias Value = LifeEventCatalog }

    /// The procedure inventory and life events as this request's municipality has them. Looked up
    /// (one query for the edits' fingerprint) once per request, however many handlers ask.
    func lifeEventCatalog() async throws -> LifeEventCatalog {
        if let catalog = storage[LifeEventCatalogKey.self] { return catalog }
        let services = madoguchi
        let municipalityID = try municipality.requireID(), inventory = services.procedureInventory, db = self.db
        let catalog = try await services.catalogCache.catalog(for: municipalityID, version: try await inventory.version(municipalityID: municipalityID, on: db)) {
            try await inventory.catalog(municipalityID: municipalityID, on: db)
        }
        storage[LifeEventCatalogKey.self] = catalog
        return catalog
    }

    /// Saved counter sessions, read against this municipality's rules.
    func counterSessions() async throws -> CounterSessions {
        CounterSessions(cipher: madoguchi.cipher, audit: madoguchi.audit, catalog: try await lifeEventCatalog())
    }
}
