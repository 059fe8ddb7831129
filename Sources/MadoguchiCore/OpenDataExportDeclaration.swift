import FluentKit
import Foundation

/// A dataset a module publishes as open data from its own records (figures, never personal data),
/// as a CSV table for one municipality. No module publishes one yet: the field exists so that the
/// first one is declared here, next to the module's other declarations, and the catalogue finds it.
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
