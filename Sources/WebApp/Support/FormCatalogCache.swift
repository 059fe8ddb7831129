import FluentKit
import Forms
import Foundation
import Vapor

/// Each municipality's forms (shipped + its edits), rebuilt only when the edits' fingerprint changes.
actor FormCatalogCache {
    private let shipped: FormCatalog
    private var cached: [UUID: (version: String, catalog: FormCatalog)] = [:]

    init(shipped: FormCatalog) { self.shipped = shipped }

    func catalog(for municipalityID: UUID, editor: FormEditor, on database: any Database) async throws -> FormCatalog {
        let version = try await editor.version(municipalityID: municipalityID, on: database)
        if version.isEmpty { return shipped }
        if let hit = cached[municipalityID], hit.version == version { return hit.catalog }
        let catalog = try await editor.catalog(municipalityID: municipalityID, on: database)
        cached[municipalityID] = (version, catalog)
        return catalog
    }
}

extension Request {
    private struct FormCatalogKey: StorageKey { typealias Value = FormCatalog }

    /// The forms as this request's municipality has them, looked up once per request.
    func formCatalog() async throws -> FormCatalog {
        if let catalog = storage[FormCatalogKey.self] { return catalog }
        let catalog = try await madoguchi.formCatalogCache.catalog(for: municipality.requireID(), editor: madoguchi.formEditor, on: db)
        storage[FormCatalogKey.self] = catalog
        return catalog
    }
}
