import FluentKit
import Foundation
import Privacy

/// The text of a templated batch (`MailTemplate`), kept once for every recipient of the batch: the
/// outbox rows that use it hold its id inside their own sealed document. Sealed like the messages
/// (bound to this table, column and row); purged with the messages of its kind
/// (`MailOutbox.purge`), which were queued in the same transaction.
final class OutboxTemplate: Model, @unchecked Sendable {
    static let schema = "mail_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_id") var municipalityID: UUID
    /// The kind of the messages that use it (`notices.message` …), for retention by kind.
    @Field(key: "kind") var kind: String
    @Field(key: "document") var documentCiphertext: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    /// What the document's ciphertext is bound to: this table, column and row.
    static func binding(id: UUID) -> FieldBinding {
        FieldBinding(table: schema, column: "document", recordID: FieldBinding.recordID(id))
    }
}
