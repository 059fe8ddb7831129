import FluentKit

/// forms.0001: the applications table. The unique keys make a double submit or a receipt-number
/// collision fail in the database, not silently.
struct CreateFormApplications: AsyncMigration {
    var name: String { "forms.0001.create_applications" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FormApplication.schema)
            .id()
            .field("municipality_id", .uuid, .required)
            .field("form_id", .string, .required)
            .field("form_version", .int, .required)
            .field("receipt_number", .string, .required)
            .field("status", .string, .required)
            .field("values", .string, .required)
            .field("secret_hash", .string, .required)
            .field("idempotency_key", .string, .required)
            .field("submitted_at", .datetime)
            .unique(on: "municipality_id", "receipt_number")
            .unique(on: "municipality_id", "idempotency_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FormApplication.schema).delete()
    }
}
