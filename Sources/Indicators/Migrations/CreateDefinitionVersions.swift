import FluentKit
import MadoguchiCore

/// indicators.0007: every version of a 施策's or 事務事業's definition (the sheet's fixed parts), with
/// who wrote it and when, so that any earlier version can be shown and restored. A version number is
/// unique per definition: two edits based on the same version cannot both be written.
struct CreateDefinitionVersions: AsyncMigration {
    var name: String { "indicators.0007.create_definition_versions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DefinitionVersion.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("subject_type", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("version", .int, .required)
            .field("snapshot", .string, .required)
            .field("changed_by", .uuid)
            .field("changed_at", .datetime, .required)
            .field("restores", .int)
            .unique(on: "subject_type", "subject_id", "version")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(DefinitionVersion.schema).delete() }
}
