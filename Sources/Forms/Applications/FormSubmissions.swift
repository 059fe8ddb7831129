import FluentKit
import Foundation
import MadoguchiCore
import Mail
import Privacy
import SQLKit

/// Files applications. A submission is validated as a whole, encrypted, and written in one
/// transaction with everything that belongs to it: its attachments bound, its audit entry, its
/// confirmation mail queued and the draft it was resumed from discarded. Once a receipt number is
/// returned, all of it is committed; if any part fails, none of it is.
public struct FormSubmissions: Sendable {
    public let cipher: FieldCipher
    public let audit: any AuditTrail
    /// Where the confirmation e-mail is queued; nil sends none.
    public let outbox: MailOutbox?
    /// The group commit that files plain submissions (no attachments, no draft); nil files each in
    /// its own transaction on the caller's database.
    public let writer: SubmissionWriter?

    public init(cipher: FieldCipher, audit: any AuditTrail, outbox: MailOutbox? = nil, writer: SubmissionWriter? = nil) {
        self.cipher = cipher
        self.audit = audit
        self.outbox = outbox
        self.writer = writer
    }

    /// What e-mails need to say where they come from and link back: the municipality's name and
    /// its public address (`https://…/132152`, from configuration, never from the request).
    public struct MailLinks: Sendable {
        public let municipalityName: String
        public let baseURL: String
        public init(municipalityName: String, baseURL: String) {
            self.municipalityName = municipalityName
            self.baseURL = baseURL
        }
    }

    public struct Receipt: Sendable, Equatable {
        public let receiptNumber: String
        /// Shown once to the applicant; only its hash is stored. Nil when a replayed submit found
        /// the first application (its secret was shown the first time); set on a replay only by
        /// `reissueSecret` (a fresh secret, the old one no longer works).
        public let secret: String?
        public let replayed: Bool
        /// A replay from the browser that submitted, which may still re-issue the secret once.
        public var reissuable = false
    }

    /// Submits; a second call with the same idempotency key returns the first receipt. A form of
    /// identity level `verified_email` needs `draftToken` to name the draft whose link confirmed
    /// the address in its e-mail field.
    /// - Parameters:
    ///   - draftToken: the mailed link the form was resumed from; its draft is deleted with the submission.
    ///   - browserProof: a value only the submitting browser produces (the caller derives it from its
    ///     cookie); only a hash bound to the idempotency key is stored, as the one-time allowance to
    ///     re-issue the secret from that browser (`reissueSecret`). Nil stores none.
    ///   - olderBrowserProofs: the same browser's value as the caller derived it before its keys
    ///     changed (one per older key it still holds): a replay is recognised by any of them.
    public func submit(_ form: FormDefinition, values: [String: String], idempotencyKey: String, municipalityID: UUID,
                       today: CivilDate, actor: Actor, origin: RequestOrigin, mail: MailLinks? = nil,
                       draftToken: String? = nil, browserProof: String? = nil, olderBrowserProofs: [String] = [],
                       on database: any Database) async throws -> Receipt {
        let key = idempotencyKey.trimmingCharacters(in: .whitespaces)
        let wellFormed = (16...64).contains(key.count) && key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        if let writer, wellFormed, form.identityLevel != .verifiedEmail, draftToken == nil, !form.fields.contains(where: { $0.type == .file }) {
            return try await file(form, values: values, idempotencyKey: key, municipalityID: municipalityID, today: today, actor: actor,
                                  origin: origin, mail: mail, browserProof: browserProof, olderBrowserProofs: olderBrowserProofs,
                                  through: writer, on: database)
        }
        if wellFormed, let existing = try await find(key, municipalityID: municipalityID, on: database) {
            return Self.replay(of: existing, browserProof: browserProof, older: olderBrowserProofs)
        }
        if form.identityLevel == .verifiedEmail {
            try await requireVerifiedEmail(form, values: values, draftToken: draftToken ?? "", municipalityID: municipalityID, on: database)
        }
        guard wellFormed else { throw FormsError.invalidIdempotencyKey }
        let outcome = FormStepValidator.validate(form, values: values, today: today)
        guard outcome.problems.isEmpty else { throw FormsError.invalid(outcome.problems) }
        let secret = SecretToken.generate(bytes: 16)
        for attempt in 0..<5 {
            let application = FormApplication()
            application.id = UUID()
            application.municipalityID = municipalityID
            application.formID = form.id
            application.formVersion = form.version
            application.receiptNumber = Self.receiptNumber(on: today)
            application.status = ApplicationStatus.received.rawValue
            application.secretHash = SecretToken.hash(secret)
            application.idempotencyKey = key
            application.reissueHash = browserProof.map { Self.reissueHash(idempotencyKey: key, browserProof: $0) }
            let json = String(decoding: try JSONEncoder().encode(outcome.values), as: UTF8.self)
            application.valuesCiphertext = try cipher.encrypt(json, binding: application.binding())
            do {
                try await database.transaction { db in
                    try await application.create(on: db)
                    try await FormAttachments(cipher: cipher).bind(form, values: outcome.values, applicationID: application.requireID(),
                                                                   municipalityID: municipalityID, on: db)
                    try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "forms.application.submit",
                                                      targetType: FormApplication.schema, targetID: application.receiptNumber,
                                                      details: ["form": form.id], origin: origin), on: db)
                    // The confirmation is queued in the same transaction: it exists exactly when the application does.
                    if let outbox, let mail, let address = form.fields.first(where: { $0.type == .email }).flatMap({ outcome.values[$0.id] }),
                       !address.isEmpty {
                        try await outbox.enqueue(Self.receiptMail(to: address, form: form, receiptNumber: application.receiptNumber, links: mail),
                                                 kind: "forms.receipt", municipalityID: municipalityID, on: db)
                    }
                    // Last: a resumed draft is gone exactly when its application exists.
                    if let draftToken { try await FormDrafts.discard(token: draftToken, municipalityID: municipalityID, on: db) }
                }
                return Receipt(receiptNumber: application.receiptNumber, secret: secret, replayed: false)
            } catch let error as FormsError {
                throw error
            } catch {
                // A concurrent double submit won the unique key: answer with its receipt.
                if let existing = try await find(key, municipalityID: municipalityID, on: database) {
                    return Self.replay(of: existing, browserProof: browserProof, older: olderBrowserProofs)
                }
                if attempt == 4 { throw error } // receipt-number collisions five times running: give up loudly
            }
        }
        throw FormsError.invalidIdempotencyKey
    }

    /// A `verified_email` form is filed only with the address its draft's mailed link confirmed
    /// (the draft the form was resumed from), in the form's e-mail field.
    private func requireVerifiedEmail(_ form: FormDefinition, values: [String: String], draftToken: String, municipalityID: UUID,
                                      on database: any Database) async throws {
        let emailField = form.fields.first { $0.type == .email }
        let verified = try await FormDrafts.verifiedEmail(token: draftToken, formID: form.id, municipalityID: municipalityID, cipher: cipher, on: database)
        if let verified, let emailField, values[emailField.id]?.trimmingCharacters(in: .whitespaces) == verified { return }
        throw FormsError.invalid([FieldProblem(field: emailField?.id ?? "save_email", message: FormsError.emailNotVerified.message)])
    }

    /// The applicant's corrected values after a 補正依頼: validated as a whole, re-encrypted, and the
    /// application goes back to 審査中 with an event and an audit entry, in one transaction.
    public func correct(_ application: FormApplication, form: FormDefinition, values: [String: String], today: CivilDate,
                        origin: RequestOrigin, on database: any Database) async throws {
        guard application.status == ApplicationStatus.correctionRequested.rawValue, application.formID == form.id else {
            throw FormsError.notCorrectable
        }
        let outcome = FormStepValidator.validate(form, values: values, today: today)
        guard outcome.problems.isEmpty else { throw FormsError.invalid(outcome.problems) }
        let json = String(decoding: try JSONEncoder().encode(outcome.values), as: UTF8.self)
        let ciphertext = try cipher.encrypt(json, binding: application.binding())
        try await database.transaction { db in
            // Conditional on the status, so a second (double) submit of the correction changes nothing.
            let sql = try db.sql(for: "a correction")
            let updated = try await sql.raw("""
                UPDATE \(ident: FormApplication.schema) SET \(ident: "values") = \(bind: ciphertext), status = \(bind: ApplicationStatus.reviewing.rawValue) \
                WHERE id = \(bind: application.requireID()) AND status = \(bind: ApplicationStatus.correctionRequested.rawValue) RETURNING id
                """).all()
            guard updated.count == 1 else { throw FormsError.notCorrectable }
            try await FormAttachments(cipher: cipher).bind(form, values: outcome.values, applicationID: application.requireID(),
                                                           municipalityID: application.municipalityID, on: db)
            let event = ApplicationEvent()
            event.applicationID = try application.requireID()
            event.status = ApplicationStatus.reviewing.rawValue
            event.comment = ""
            event.byApplicant = true
            try await event.create(on: db)
            try await audit.record(AuditEvent(municipalityID: application.municipalityID, actor: .resident, action: "forms.application.correct",
                                              targetType: FormApplication.schema, targetID: application.receiptNumber,
                                              details: ["form": form.id], origin: origin), on: db)
        }
        application.status = ApplicationStatus.reviewing.rawValue
        application.valuesCiphertext = ciphertext
    }

    /// 受付のお知らせ: the receipt number and where to check the status; never the secret or the values.
    static func receiptMail(to address: String, form: FormDefinition, receiptNumber: String, links: MailLinks) -> MailMessage {
        MailMessage(to: address, subject: "【\(links.municipalityName)】電子申請を受け付けました（受付番号 \(receiptNumber)）", body: """
            \(links.municipalityName)の電子申請で、次の申請を受け付けました。

            申請：\(form.title.ja)
            受付番号：\(receiptNumber)

            審査の状況は、次のページで受付番号と「確認用の番号」（申請の完了画面に表示）を入力すると確認できます。
            \(links.baseURL)/forms/status

            このメールに心当たりがない場合は、お手数ですが破棄してください。このメールには返信できません。

            ---
            Your application "\(form.title.en)" was received. Receipt number: \(receiptNumber).
            Check its status at \(links.baseURL)/forms/status with the receipt number and the secret shown when you applied.
            """)
    }

    /// The application for the status page, when the receipt number and secret match.
    public func status(receiptNumber: String, secret: String, municipalityID: UUID, on database: any Database) async throws -> FormApplication? {
        guard let application = try await FormApplication.query(on: database).filter(\.$municipalityID == municipalityID)
            .filter(\.$receiptNumber == receiptNumber.uppercased()).first() else { return nil }
        guard SecretToken.matches(secret, hash: application.secretHash) else { return nil }
        return application
    }

    /// The decrypted values, for the back office (the caller audits the view).
    public func values(of application: FormApplication) throws -> [String: String] {
        let json = try cipher.decrypt(application.valuesCiphertext, binding: application.binding())
        return try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
    }

    func find(_ key: String, municipalityID: UUID, on database: any Database) async throws -> FormApplication? {
        try await FormApplication.query(on: database).filter(\.$municipalityID == municipalityID)
            .filter(\.$idempotencyKey == key).first()
    }

    /// `YYYYMMDD-` and six characters drawn from an alphabet without look-alikes (no I, L, O, 0, 1).
    static func receiptNumber(on day: CivilDate) -> String {
        var text = day.description.filter { $0 != "-" } + "-"
        for _ in 0..<6 { text.append(receiptAlphabet.randomElement()!) }
        return text
    }

    private static let receiptAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

}
