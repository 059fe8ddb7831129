import FluentKit
import Foundation

/// A municipality's edit of one shipped form (its whole JSON definition, as staff typed it).
public final class FormOverride: Model, @unchecked Sendable {
    public static let schema = "form_overrides"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "form_id") public var formID: String
    @Field(key: "definition") public var definition: String
    /// Counts the edits: the form's version is the shipped one plus this, so each application
    /// records which wording it was filed with.
    @Field(key: "revision") public var revision: Int
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Timestamp(key: "updated_at", on: .none) public var updatedAt: Date?

    public init() {}
}
