import FluentKit

/// forms.0008: the re-issue allowance of an application's status secret (`FormSubmissions.reissueSecret`):
/// a hash bound to the idempotency key and the browser that submitted, cleared once used. Nullable:
/// applications filed before, or without a browser, have none.
struct AddApplicationSecretReissue: AsyncMigration {
    var name: String { "forms.0008.application_secret_reissue" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FormApplication.schema).field("reissue_hash", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FormApplication.schema).deleteField("reissue_hash").update()
    }
}
