import FluentKit
import MadoguchiCore

/// notices.0005: every CAP 1.2 message produced for an alert (issue, update, cancel), stored as sent
/// so that its URL always answers the same document.
struct CreateAlertMessages: AsyncMigration {
    var name: String { "notices.0005.create_alert_messages" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AlertMessage.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("alert_id", .uuid, .required, .references(EvacuationAlert.schema, .id))
            .field("sequence", .int, .required)
            .field("message_type", .string, .required)
            .field("identifier", .string, .required)
            .field("sent", .datetime, .required)
            .field("issuance", .string, .required)
            .field("level", .int, .required)
            .field("area_codes", .string, .required)
            .field("households", .int)
            .field("people", .int)
            .field("document", .string, .required)
            .unique(on: "alert_id", "sequence")
            .unique(on: "identifier")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AlertMessage.schema).delete()
    }
}
