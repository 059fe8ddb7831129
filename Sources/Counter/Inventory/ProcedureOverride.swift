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

/// counter.0002: the inventory edits table.
struct CreateProcedureOverrides: AsyncMigration {
    var name: String { "counter.0002.create_procedure_overrides" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ProcedureOverride.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("procedure_id", .string, .required)
            .field("definition", .string, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime)
            .unique(on: "municipality_id", "procedure_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProcedureOverride.schema).delete()
    }
}
