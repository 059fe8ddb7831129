import FluentKit

/// surveys.0003: anonymous answers: the survey, the age band and area chosen, the answers as JSON.
/// No code, no time, nothing about the person beyond what they chose to answer.
struct CreateSurveyResponses: AsyncMigration {
    var name: String { "surveys.0003.create_survey_responses" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SurveyResponse.schema)
            .id()
            .field("survey_id", .uuid, .required, .references(Survey.schema, .id, onDelete: .cascade))
            .field("age_band", .string, .required)
            .field("area", .string, .required)
            .field("answers", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(SurveyResponse.schema).delete() }
}
