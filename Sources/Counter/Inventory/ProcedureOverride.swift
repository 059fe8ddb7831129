import FluentKit
import Foundation

/// A municipality's edit of one procedure in the inventory (手続の棚卸し): the JSON of the whole
/// procedure object, replacing the shipped definition for that municipality only.
public final class ProcedureOverride: Model, @unchecked Sendable {
    public static let schema = "counter_procedure_overrides"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "procedure_id") public var procedureID: String
    @Field(key: "definition") public var definition: String
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Timestamp(key: "updated_at", on: .none) public var updatedAt: Date?

    public init() {}
}
