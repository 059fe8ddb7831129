import FluentKit

/// surveys.0002: invitation codes, stored as their SHA-256 only, with whether each was used; no
/// time and no link to the answer it gave.
struct CreateSurveyInvitations: AsyncMigration {
    var name: String { "surveys.0002.create_survey_invitations" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SurveyInvitation.schema)
            .id()
            .field("survey_id", .uuid, .required, .references(Survey.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used", .bool, .required)
            .unique(on: "code_hash")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(SurveyInvitation.schema).delete() }
}
