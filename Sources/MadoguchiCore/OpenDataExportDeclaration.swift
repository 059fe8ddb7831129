import FluentKit
import Foundation

/// A dataset a module publishes as open data from its own records (figures, never personal data),
/// as a CSV table for one municipality: served live at `/{code}/exports/{id}.csv` and listed in the
/// catalogue as a dataset linking there.
public struct OpenDataExportDeclaration: Sendable {
    /// Stable: `forms.applications_by_month`.
    public let id: String
    public let title: LocalizedText
    /// The header row and the data rows.
    public let rows: @Sendable (_ municipalityID: UUID, _ database: any Database) async throws -> [[String]]

    public init(id: String, title: LocalizedText,
                rows: @escaping @Sendable (_ municipalityID: UUID, _ database: any Database) async throws -> [[String]]) {
        self.id = id
        self.title = title
        self.rows = rows
    }
}

extension Array where Element == ModuleManifest {
    /// The open-data export these manifests declare under `id`, if any.
    public func openDataExport(_ id: String) -> OpenDataExportDeclaration? {
        lazy.flatMap(\.openDataExports).first { $0.id == id }
    }
}
