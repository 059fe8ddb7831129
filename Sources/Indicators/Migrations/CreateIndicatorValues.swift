import FluentKit
import MadoguchiCore

/// indicators.0001: one value per municipality, indicator, scope (a 施策's code, or empty), fiscal
/// year and series (成り行き値・目標値・実績値・見込み値).
struct CreateIndicatorValues: AsyncMigration {
    var name: String { "indicators.0001.create_indicator_values" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IndicatorValue.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("indicator_id", .string, .required)
            .field("scope", .string, .required)
            .field("fiscal_year", .int, .required)
            .field("series", .string, .required)
            .field("value", .double, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime, .required)
            .unique(on: "municipality_id", "indicator_id", "scope", "fiscal_year", "series")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(IndicatorValue.schema).delete() }
}
