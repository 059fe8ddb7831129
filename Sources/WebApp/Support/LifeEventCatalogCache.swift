import Counter
import FluentKit
import Foundation
import MadoguchiCore
import Vapor

/// Each municipality's procedure inventory (shipped rules + its edits), rebuilt only when the
/// edits' fingerprint in the database changes, so every instance sees an edit on its next request.
actor LifeEventCatalogCache {
    private let shipped: LifeEventCatalog
    private var cached: [UUID: (version: String, catalog: LifeEventCatalog)] = [:]

    init(shipped: LifeEventCatalog) { self.shipped = shipped }

    func catalog(for municipalityID: UUID, inventory: ProcedureInventory, on database: any Database) async throws -> LifeEventCatalog {
        let version = try await inventory.version(municipalityID: municipalityID, on: database)
        if version.isEmpty { return shipped }
        if let hit = cached[municipalityID], hit.version == version { return hit.catalog }
        let catalog = try await inventory.catalog(municipalityID: municipalityID, on: database)
        cached[municipalityID] = (version, catalog)
        return catalog
    }
}

extension Request {
    private struct LifeEventCatalogKey: StorageKey { typealias Value = LifeEventCatalog }

    /// The procedure inventory and life events as this request's municipality has them. Looked up
    /// (one query for the edits' fingerprint) once per request, however many handlers ask.
    func lifeEventCatalog() async throws -> LifeEventCatalog {
        if let catalog = storage[LifeEventCatalogKey.self] { return catalog }
        let services = madoguchi
        let catalog = try await services.catalogCache.catalog(for: municipality.requireID(), inventory: services.procedureInventory, on: db)
        storage[LifeEventCatalogKey.self] = catalog
        return catalog
    }

    /// Saved counter sessions, read against this municipality's rules.
    func counterSessions() async throws -> CounterSessions {
        CounterSessions(cipher: madoguchi.cipher, audit: madoguchi.audit, catalog: try await lifeEventCatalog())
    }
}
