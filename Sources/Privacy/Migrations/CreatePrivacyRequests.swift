import FluentKit

/// privacy.0001: the requests table.
struct CreatePrivacyRequests: AsyncMigration {
    var name: String { "privacy.0001.create_requests" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PrivacyRequest.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("received_on", .string, .required)
            .field("requester_name", .string, .required)
            .field("requester_address", .string, .required)
            .field("requester_contact", .string)
            .field("subject", .string, .required)
            .field("target_file_id", .string)
            .field("disclosed_on", .string)
            .field("correction_days", .int, .required)
            .field("correction_started_on", .string)
            .field("extension_notice_on", .string)
            .field("extension_reason", .string)
            .field("decision", .string)
            .field("decision_grounds", .string)
            .field("decided_on", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PrivacyRequest.schema).delete()
    }
}
