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
    /// once per request, however many handlers ask; the edits' fingerprint is read from the
    /// database only when no staff write has happened since it was last read (`PublicLookupCache`).
    func lifeEventCatalog() async throws -> LifeEventCatalog {
        if let catalog = storage[LifeEventCatalogKey.self] { return catalog }
        let services = madoguchi
        let municipalityID = try municipality.requireID(), inventory = services.procedureInventory, db = self.db
        let readVersion = { try await inventory.version(municipalityID: municipalityID, on: db) }
        let version: String
        if let lookups = application.publicLookups {
            version = try await lookups.value(for: .inventoryVersion(municipalityID: municipalityID), lookUp: readVersion) ?? ""
        } else {
            version = try await readVersion()
        }
        let catalog = try await services.catalogCache.catalog(for: municipalityID, version: version) {
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
