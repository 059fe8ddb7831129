import FluentKit
import MadoguchiCore

/// surveys.0001: a survey per municipality and fiscal year; its questions (and the areas offered)
/// as JSON, its state (open or closed).
struct CreateSurveys: AsyncMigration {
    var name: String { "surveys.0001.create_surveys" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Survey.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("fiscal_year", .int, .required)
            .field("title_ja", .string, .required)
            .field("title_en", .string, .required)
            .field("definition", .string, .required)
            .field("is_open", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(Survey.schema).delete() }
}
