import FluentKit
import Forms
import Foundation
import Vapor

/// Each municipality's forms (shipped + its edits).
typealias FormCatalogCache = TenantCatalogCache<FormCatalog>

extension Request {
    private struct FormCatalogKey: StorageKey { typealias Value = FormCatalog }

    /// The forms as this request's municipality has them, looked up once per request.
    func formCatalog() async throws -> FormCatalog {
        if let catalog = storage[FormCatalogKey.self] { return catalog }
        let municipalityID = try municipality.requireID(), editor = madoguchi.formEditor, db = self.db
        let catalog = try await madoguchi.formCatalogCache.catalog(for: municipalityID, version: try await editor.version(municipalityID: municipalityID, on: db)) {
            try await editor.catalog(municipalityID: municipalityID, on: db)
        }
        storage[FormCatalogKey.self] = catalog
        return catalog
    }
}
