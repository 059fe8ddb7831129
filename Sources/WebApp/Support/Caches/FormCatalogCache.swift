import FluentKit
import Forms
import Foundation
import Vapor

/// Each municipality's forms (shipped + its edits).
typealias FormCatalogCache = TenantCatalogCache<FormCatalog>

extension Request {
    private struct FormCatalogKey: StorageKey { typealias Value = FormCatalog }

    /// The forms as this request's municipality has them, looked up once per request; the edits'
    /// fingerprint is read from the database only when no staff write has happened since it was last
    /// read (`PublicLookupCache`), so a resident's submission pays no query for it.
    func formCatalog() async throws -> FormCatalog {
        if let catalog = storage[FormCatalogKey.self] { return catalog }
        let municipalityID = try municipality.requireID(), editor = madoguchi.formEditor, db = self.db
        let readVersion = { try await editor.version(municipalityID: municipalityID, on: db) }
        let version: String
        if let lookups = application.publicLookups {
            version = try await lookups.value(for: .formsVersion(municipalityID: municipalityID), lookUp: readVersion) ?? ""
        } else {
            version = try await readVersion()
        }
        let catalog = try await madoguchi.formCatalogCache.catalog(for: municipalityID, version: version) {
            try await editor.catalog(municipalityID: municipalityID, on: db)
        }
        storage[FormCatalogKey.self] = catalog
        return catalog
    }
}
