import FluentKit
import MadoguchiCore

/// indicators.0002: every change to an entered value, with the value before and after, who and when,
/// so that any change can be shown and reverted.
struct CreateIndicatorValueChanges: AsyncMigration {
    var name: String { "indicators.0002.create_indicator_value_changes" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IndicatorValueChange.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("indicator_id", .string, .required)
            .field("scope", .string, .required)
            .field("fiscal_year", .int, .required)
            .field("series", .string, .required)
            .field("previous_value", .double)
            .field("new_value", .double)
            .field("changed_by", .uuid)
            .field("changed_at", .datetime, .required)
            .field("reverts", .uuid)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(IndicatorValueChange.schema).delete() }
}
