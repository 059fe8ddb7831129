import FluentKit
import Foundation

/// One version of a definition (`subject_type` `measure` or `programme`): the whole definition as
/// JSON after the change, numbered from 1. Version 1 of a definition written before histories were
/// kept is its state when first edited afterwards (`changed_by` nil).
public final class DefinitionVersion: Model, @unchecked Sendable {
    public static let schema = "indicators_definition_versions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "subject_type") public var subjectType: String
    @Field(key: "subject_id") public var subjectID: UUID
    @Field(key: "version") public var version: Int
    @Field(key: "snapshot") public var snapshot: String
    @OptionalField(key: "changed_by") public var changedBy: UUID?
    @Field(key: "changed_at") public var changedAt: Date
    /// The earlier version this one puts back, for a restore.
    @OptionalField(key: "restores") public var restores: Int?

    public init() {}
}

/// What the history screens show of a version.
public struct DefinitionVersionSummary: Sendable, Equatable {
    public let version: Int
    public let changedBy: UUID?
    public let changedAt: Date
    public let restores: Int?
    /// The fields that differ from the version before (empty for the first).
    public let changedFields: [String]

    public init(version: Int, changedBy: UUID?, changedAt: Date, restores: Int?, changedFields: [String]) {
        self.version = version
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.restores = restores
        self.changedFields = changedFields
    }
}
