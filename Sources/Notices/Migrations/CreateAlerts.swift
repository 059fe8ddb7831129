import FluentKit
import MadoguchiCore

/// notices.0004: evacuation alerts (避難情報) with the fields the prefecture's L-Alert portal needs.
struct CreateAlerts: AsyncMigration {
    var name: String { "notices.0004.create_alerts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(EvacuationAlert.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("level", .int, .required)
            .field("area_codes", .string, .required)
            .field("households", .int)
            .field("people", .int)
            .field("instruction", .string, .required)
            .field("instruction_en", .string, .required)
            .field("active", .bool, .required)
            .field("issued_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("lifted_at", .datetime)
            .field("issued_by", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EvacuationAlert.schema).delete()
    }
}
