import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// Recovering access after a lost receipt page. The status secret is never stored, so it cannot be
/// shown again; instead the browser that submitted may get a fresh one, once:
///
/// - On submit, the caller passes a value only that browser produces (`browserProof`); the
///   application keeps only `reissueHash` — a hash of it bound to the idempotency key.
/// - A replayed submit of the same key from that browser answers the receipt number with
///   `reissuable`; from any other browser, the receipt number only.
/// - `reissueSecret` replaces the secret's hash (the old secret stops working) and clears the
///   allowance in one conditional update, with an audit entry: a second call gets nothing.
///
/// WebApp derives the proof from the browser's CSRF binding (a session cookie) with a key from the
/// field-key ring, and also under each older key still in the ring (`olderBrowserProofs`), so a
/// key rotation does not end the allowance until the old key leaves the ring; a closed browser
/// does. The counter remains.
extension FormSubmissions {
    static func reissueHash(idempotencyKey: String, browserProof: String) -> String {
        SecretToken.hash("forms.reissue.v1|\(idempotencyKey)|\(browserProof)")
    }

    /// The answer to a replayed submit: the first receipt's number, never its secret.
    static func replay(of existing: FormApplication, browserProof: String?, older: [String] = []) -> Receipt {
        var receipt = Receipt(receiptNumber: existing.receiptNumber, secret: nil, replayed: true)
        if let browserProof, let stored = existing.reissueHash {
            receipt.reissuable = ([browserProof] + older).contains {
                SecretToken.equal(reissueHash(idempotencyKey: existing.idempotencyKey, browserProof: $0), stored)
            }
        }
        return receipt
    }

    /// A fresh status secret for the application filed under `idempotencyKey`, when `browserProof`
    /// (or one of `olderBrowserProofs`, the same browser's under older keys) is the submitting
    /// browser's and its allowance is unused; nil otherwise (nothing changes).
    public func reissueSecret(idempotencyKey: String, browserProof: String, olderBrowserProofs: [String] = [], municipalityID: UUID,
                              origin: RequestOrigin, on database: any Database) async throws -> Receipt? {
        let key = idempotencyKey.trimmingCharacters(in: .whitespaces)
        guard (16...64).contains(key.count), !browserProof.isEmpty else { return nil }
        let allowances = ([browserProof] + olderBrowserProofs.filter { !$0.isEmpty }).map { Self.reissueHash(idempotencyKey: key, browserProof: $0) }
        let secret = SecretToken.generate(bytes: 16)
        return try await database.transaction { db in
            let sql = try db.sql(for: "re-issuing an application's secret")
            // Conditional on the allowance, so two concurrent re-issues give one secret.
            let rows = try await sql.raw("""
                UPDATE \(ident: FormApplication.schema) SET secret_hash = \(bind: SecretToken.hash(secret)), reissue_hash = NULL \
                WHERE municipality_id = \(bind: municipalityID) AND idempotency_key = \(bind: key) AND reissue_hash IN (\(binds: allowances)) \
                RETURNING receipt_number
                """).all()
            guard let row = rows.first else { return nil }
            let receiptNumber = try row.decode(column: "receipt_number", as: String.self)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .resident, action: "forms.application.secret_reissue",
                                              targetType: FormApplication.schema, targetID: receiptNumber, origin: origin), on: db)
            return Receipt(receiptNumber: receiptNumber, secret: secret, replayed: true)
        }
    }
}
