import FluentKit
import Foundation
import MadoguchiCore
import Mail
import Privacy

/// Save-and-resume by e-mail and e-mail verification for forms of identity level `verified_email`.
/// Both mail a link holding a random token; opening it restores the values and proves the
/// applicant controls the address. Links expire after `lifetime`.
public struct FormDrafts: Sendable {
    public let cipher: FieldCipher
    public let outbox: MailOutbox
    public static let lifetime: TimeInterval = 7 * 86_400

    public init(cipher: FieldCipher, outbox: MailOutbox) {
        self.cipher = cipher
        self.outbox = outbox
    }

    public enum Purpose: String, Sendable { case resume, verify }

    /// Stores the values and queues the link mail in one transaction.
    public func save(_ form: FormDefinition, values: [String: String], step: Int, email: String, purpose: Purpose,
                     municipalityID: UUID, links: FormSubmissions.MailLinks, now: Date = Date(), on database: any Database) async throws {
        guard EmailAddress.isValid(email) else { throw FormsError.invalid([Self.emailProblem]) }
        let token = SecretToken.generate(bytes: 24)
        let draft = FormDraft()
        draft.id = UUID()
        draft.municipalityID = municipalityID
        draft.formID = form.id
        draft.tokenHash = SecretToken.hash(token)
        draft.step = max(0, min(step, form.steps.count - 1))
        draft.verified = false
        draft.expiresAt = now.addingTimeInterval(Self.lifetime)
        let content = FormDraft.Content(email: email, values: values)
        draft.contentCiphertext = try cipher.encrypt(String(decoding: try JSONEncoder().encode(content), as: UTF8.self), binding: draft.binding())
        let link = "\(links.baseURL)/forms/resume/\(token)"
        let until = Self.expiryText(draft.expiresAt)
        let mail = purpose == .verify
            ? MailMessage(to: email, subject: "【\(links.municipalityName)】メールアドレスの確認（\(form.title.ja)）", body: """
                \(links.municipalityName)の電子申請「\(form.title.ja)」で、このメールアドレスが入力されました。
                次のリンクを開くと確認が済み、申請の入力に進めます（\(until)まで有効）。
                \(link)

                心当たりがない場合は、このメールを破棄してください。このメールには返信できません。
                ---
                Open the link above to confirm your address and continue your application (valid until \(until), Japan time).
                """)
            : MailMessage(to: email, subject: "【\(links.municipalityName)】申請の続きのリンク（\(form.title.ja)）", body: """
                \(links.municipalityName)の電子申請「\(form.title.ja)」の入力を途中で保存しました。
                次のリンクから続きを入力できます（\(until)まで有効）。このリンクは他の人に教えないでください。
                \(link)

                まだ申請は送信されていません。心当たりがない場合は、このメールを破棄してください。
                ---
                Your application was saved, not sent. Continue from the link above until \(until) (Japan time).
                """)
        try await database.transaction { db in
            try await draft.create(on: db)
            try await outbox.enqueue(mail, kind: "forms.\(purpose.rawValue)", municipalityID: municipalityID, on: db)
        }
    }

    /// Opens a mailed link: marks the address verified and returns the draft and its content.
    public func open(token: String, municipalityID: UUID, now: Date = Date(), on database: any Database) async throws -> (FormDraft, FormDraft.Content) {
        guard token.count <= 64, let draft = try await FormDraft.query(on: database).filter(\.$tokenHash == SecretToken.hash(token))
            .filter(\.$municipalityID == municipalityID).first() else { throw FormsError.draftNotFound }
        guard draft.expiresAt > now else { throw FormsError.draftExpired }
        if !draft.verified {
            draft.verified = true
            try await draft.save(on: database)
        }
        return (draft, try content(of: draft))
    }

    /// The verified address of a draft reached with `token`, for checking a submission (`FormSubmissions.submit`).
    static func verifiedEmail(token: String, formID: String, municipalityID: UUID, cipher: FieldCipher, now: Date = Date(),
                              on database: any Database) async throws -> String? {
        guard !token.isEmpty, token.count <= 64, let draft = try await FormDraft.query(on: database)
            .filter(\.$tokenHash == SecretToken.hash(token)).filter(\.$municipalityID == municipalityID).first(),
              draft.formID == formID, draft.verified, draft.expiresAt > now else { return nil }
        return try content(of: draft, cipher: cipher).email
    }

    /// Deletes the draft once its application is submitted (inside the submission's transaction,
    /// `FormSubmissions.submit`).
    static func discard(token: String, municipalityID: UUID, on database: any Database) async throws {
        guard !token.isEmpty, token.count <= 64 else { return }
        try await FormDraft.query(on: database).filter(\.$tokenHash == SecretToken.hash(token))
            .filter(\.$municipalityID == municipalityID).delete()
    }

    func content(of draft: FormDraft) throws -> FormDraft.Content {
        try Self.content(of: draft, cipher: cipher)
    }

    static func content(of draft: FormDraft, cipher: FieldCipher) throws -> FormDraft.Content {
        let json = try cipher.decrypt(draft.contentCiphertext, binding: draft.binding())
        return try JSONDecoder().decode(FormDraft.Content.self, from: Data(json.utf8))
    }

    static let emailProblem = FieldProblem(field: "save_email", message: LocalizedText(
        ja: "「メールアドレス」の形式が正しくありません（例：name@example.jp）。", en: "E-mail address: not a valid address."))

    static func expiryText(_ date: Date) -> String { TimestampText.japanMinutes(date) }
}
