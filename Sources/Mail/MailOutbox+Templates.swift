import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit

/// Templated batches: one sealed text (`OutboxTemplate`) and, per recipient, a row whose sealed
/// document is only the address and the fields' values (`MailPersonalisation`). The delivery
/// renders the message from both just before sending (`message(from:on:)`), so what reaches the
/// transport is the same `MailMessage` a whole-message row gives.
extension MailOutbox {
    /// One recipient of a templated batch, with the sender's clear id of the recipient (`OutboxReference`).
    public struct Personalised: Sendable {
        public let to: String
        public let fields: [String: String]
        public let recipient: String?
        public init(to: String, fields: [String: String], recipient: String?) {
            self.to = to
            self.fields = fields
            self.recipient = recipient
        }
    }

    /// Queues `template` for `recipients` in the caller's transaction: one template row, then the
    /// recipients' rows as `enqueueBatch` writes them. Throws before writing anything if the
    /// reference or a recipient is not clear text (`OutboxReferenceError`), or a recipient lacks a
    /// value for one of the template's fields (`MailTemplateError`).
    public func enqueue(_ template: MailTemplate, for recipients: [Personalised], kind: String, municipalityID: UUID,
                        reference: String?, on database: any Database) async throws {
        try OutboxReference.check(reference, field: "reference")
        let needed = template.fieldNames
        for item in recipients {
            try OutboxReference.check(item.recipient, field: "recipient")
            if let missing = needed.first(where: { item.fields[$0] == nil }) { throw MailTemplateError(field: missing) }
        }
        guard !recipients.isEmpty else { return }
        let templateID = TimeOrderedID.make()
        let document = String(decoding: try JSONEncoder().encode(template), as: UTF8.self)
        try await database.sql(for: "the mail outbox").insert(into: OutboxTemplate.schema)
            .columns("id", "municipality_id", "kind", "document", "created_at")
            .values(SQLBind(templateID), SQLBind(municipalityID), SQLBind(kind),
                    SQLBind(try cipher.encrypt(document, binding: OutboxTemplate.binding(id: templateID))), SQLBind(Date()))
            .run()
        var rows: [SealedRow] = []
        rows.reserveCapacity(recipients.count)
        for (item, id) in zip(recipients, TimeOrderedID.make(count: recipients.count)) {
            let personalisation = MailPersonalisation(template: templateID, to: item.to, fields: item.fields)
            rows.append(SealedRow(id: id, ciphertext: try cipher.encrypt(personalisation.jsonDocument, binding: OutboxMessage.binding(id: id)),
                                  recipient: item.recipient))
        }
        try await insert(rows, kind: kind, municipalityID: municipalityID, reference: reference, on: database)
    }

    /// The e-mail a queued row will send (for the sender's own checks and tests): its document
    /// decrypted and, for a templated batch, rendered with its template, as the delivery does.
    public func message(of row: OutboxMessage, on database: any Database) async throws -> MailMessage {
        try await message(from: try document(for: row), on: database)
    }

    /// The e-mail a claimed row's decrypted document stands for: the document itself, or its
    /// template rendered with its values. Throws `UnreadableMessage` for a document, a template
    /// (purged, sealed under a key no longer held) or a rendering that cannot be read back.
    func message(from document: String, on database: any Database) async throws -> MailMessage {
        do {
            guard MailPersonalisation.isPersonalisation(document) else {
                return try JSONDecoder().decode(MailMessage.self, from: Data(document.utf8))
            }
            let personalisation = try JSONDecoder().decode(MailPersonalisation.self, from: Data(document.utf8))
            return try await template(personalisation.template, on: database).render(to: personalisation.to, fields: personalisation.fields)
        } catch let error as UnreadableMessage {
            throw error
        } catch {
            throw UnreadableMessage(kind: String(describing: type(of: error)))
        }
    }

    /// A template by id, read and opened once per process (`OutboxTemplates.opened`): a batch of
    /// 500 messages of one fan-out reads it once.
    private func template(_ id: UUID, on database: any Database) async throws -> MailTemplate {
        if let template = OutboxTemplates.opened.get(id) { return template }
        guard let row = try await OutboxTemplate.find(id, on: database) else { throw UnreadableMessage(kind: "template-missing") }
        let template = try JSONDecoder().decode(MailTemplate.self,
                                                from: Data(try cipher.decrypt(row.documentCiphertext, binding: OutboxTemplate.binding(id: id)).utf8))
        OutboxTemplates.opened.put(id, template)
        return template
    }
}

/// The templates this process has opened, at most `capacity` (a fan-out's few; emptied when full).
/// A template never changes once written, so a kept one is never stale; one that was purged is
/// only asked for by rows purged with it.
final class OutboxTemplates: @unchecked Sendable {
    static let opened = OutboxTemplates(capacity: 64)

    private let lock = NSLock()
    private let capacity: Int
    private var kept: [UUID: MailTemplate] = [:]

    init(capacity: Int) { self.capacity = capacity }

    func get(_ id: UUID) -> MailTemplate? { lock.withLock { kept[id] } }

    func put(_ id: UUID, _ template: MailTemplate) {
        lock.withLock {
            if kept.count >= capacity { kept.removeAll(keepingCapacity: true) }
            kept[id] = template
        }
    }
}
