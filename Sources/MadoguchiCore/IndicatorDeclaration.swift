import FluentKit
import Foundation

/// A figure a module offers for the plan's indicators (the PDCA sheets read these), computed from
/// its own tables for one municipality.
public struct IndicatorDeclaration: Sendable {
    /// A count; counts by a key (a month `2026-04`, a file format, a standard dataset); counts by
    /// two keys (procedure → month → count); or a measured quantity (days), nil while there is
    /// nothing to measure.
    public enum Value: Sendable, Equatable {
        case count(Int)
        case breakdown([String: Int])
        case table([String: [String: Int]])
        case measure(Double?)
    }

    /// Stable: `catalog.published_datasets`.
    public let id: String
    public let title: LocalizedText
    public let read: @Sendable (_ municipalityID: UUID, _ database: any Database) async throws -> Value

    public init(id: String, title: LocalizedText,
                read: @escaping @Sendable (_ municipalityID: UUID, _ database: any Database) async throws -> Value) {
        self.id = id
        self.title = title
        self.read = read
    }
}
