import FluentKit
import Foundation
import MadoguchiCore
import Mail

/// A plain submission (no attachments, no resumed draft, no e-mail verification) filed through the
/// group commit (`SubmissionWriter`). The same answers as the one-transaction path: a replayed key
/// gets the first receipt, invalid values name their fields, and once a receipt number is returned
/// the application, its audit entry and its receipt mail are committed.
extension FormSubmissions {
    struct ReceiptNumbersExhausted: Error, CustomStringConvertible {
        var description: String { "five receipt numbers in a row were already taken" }
    }

    func file(_ form: FormDefinition, values: [String: String], idempotencyKey key: String, municipalityID: UUID, today: CivilDate,
              actor: Actor, origin: RequestOrigin, mail: MailLinks?, browserProof: String?, olderBrowserProofs: [String],
              through writer: SubmissionWriter,
              on database: any Database) async throws -> Receipt {
        let outcome = FormStepValidator.validate(form, values: values, today: today)
        guard outcome.problems.isEmpty else {
            // A replay is answered with its receipt even when today's check would refuse the values.
            if let existing = try await find(key, municipalityID: municipalityID, on: database) {
                return Self.replay(of: existing, browserProof: browserProof, older: olderBrowserProofs)
            }
            throw FormsError.invalid(outcome.problems)
        }
        let json = String(decoding: try JSONEncoder().encode(outcome.values), as: UTF8.self)
        let secret = SecretToken.generate(bytes: 16)
        let address = form.fields.first(where: { $0.type == .email }).flatMap { outcome.values[$0.id] } ?? ""
        for _ in 0..<5 {
            let id = UUID(), receiptNumber = Self.receiptNumber(on: today)
            let filing = SubmissionWriter.Filing(
                id: id, municipalityID: municipalityID, formID: form.id, formVersion: form.version, receiptNumber: receiptNumber,
                valuesCiphertext: try cipher.encrypt(json, binding: FormApplication.binding(id: id)), secretHash: SecretToken.hash(secret),
                idempotencyKey: key, reissueHash: browserProof.map { Self.reissueHash(idempotencyKey: key, browserProof: $0) },
                audit: AuditEvent(municipalityID: municipalityID, actor: actor, action: "forms.application.submit",
                                  targetType: FormApplication.schema, targetID: receiptNumber, details: ["form": form.id], origin: origin),
                mail: outbox != nil && !address.isEmpty ? mail.map {
                    MailOutbox.Queued(Self.receiptMail(to: address, form: form, receiptNumber: receiptNumber, links: $0),
                                      kind: "forms.receipt", municipalityID: municipalityID)
                } : nil)
            if try await writer.file(filing) == .filed {
                return Receipt(receiptNumber: receiptNumber, secret: secret, replayed: false)
            }
            // Taken: the key (a replay or a concurrent double submit) or, rarely, the receipt number.
            if let existing = try await find(key, municipalityID: municipalityID, on: database) {
                return Self.replay(of: existing, browserProof: browserProof, older: olderBrowserProofs)
            }
        }
        throw ReceiptNumbersExhausted()
    }
}
