import FluentKit
import Foundation
import MadoguchiCore
import Privacy

/// Stores uploads after `UploadCheck`, binds them to the application they were submitted with, and
/// opens them for staff (the caller audits the view).
public struct FormAttachments: Sendable {
    public let cipher: FieldCipher

    public init(cipher: FieldCipher) { self.cipher = cipher }

    /// `att:<id>.<token>`, the value a file field carries from step to step.
    public struct Reference: Sendable, Equatable {
        public let id: UUID
        public let token: String

        public init?(_ value: String) {
            guard value.hasPrefix("att:"), value.count <= 128 else { return nil }
            let parts = value.dropFirst(4).split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let id = UUID(uuidString: String(parts[0])), !parts[1].isEmpty else { return nil }
            self.id = id
            self.token = String(parts[1])
        }

        init(id: UUID, token: String) { self.id = id; self.token = token }

        public var value: String { "att:\(id.uuidString.lowercased()).\(token)" }
    }

    /// Checks the file by its content and size, then stores it encrypted; returns the field's value.
    public func store(_ data: Data, filename: String, field: FormField, form: FormDefinition, municipalityID: UUID,
                      on database: any Database) async throws -> String {
        if let problem = UploadCheck.check(data, for: field) { throw FormsError.invalid([problem]) }
        let token = SecretToken.generate(bytes: 16)
        let attachment = FormAttachment()
        attachment.id = UUID()
        attachment.municipalityID = municipalityID
        attachment.formID = form.id
        attachment.fieldID = field.id
        attachment.tokenHash = SecretToken.hash(token)
        attachment.kind = UploadCheck.kind(of: data) ?? "pdf"
        attachment.size = data.count
        // Only the last path component, printable, at most 100 characters: a name is shown, never used as a path.
        let name = String((filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "file")
            .filter { !$0.isNewline && $0.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control } }.prefix(100))
        let content = FormAttachment.Content(filename: name.isEmpty ? "file" : name, base64: data.base64EncodedString())
        attachment.contentCiphertext = try cipher.encrypt(String(decoding: try JSONEncoder().encode(content), as: UTF8.self),
                                                          binding: attachment.binding())
        try await attachment.create(on: database)
        return Reference(id: attachment.id!, token: token).value
    }

    /// Binds every file field's attachment to the application (inside the submission's
    /// transaction); a reference that is unknown, forged, already used or from another form fails.
    func bind(_ form: FormDefinition, values: [String: String], applicationID: UUID, municipalityID: UUID, on database: any Database) async throws {
        for field in form.fields where field.type == .file {
            guard let value = values[field.id] else { continue }
            guard let reference = Reference(value),
                  let attachment = try await FormAttachment.query(on: database).filter(\.$id == reference.id)
                    .filter(\.$municipalityID == municipalityID).first(),
                  SecretToken.matches(reference.token, hash: attachment.tokenHash), attachment.formID == form.id,
                  attachment.fieldID == field.id, attachment.applicationID == nil || attachment.applicationID == applicationID else {
                throw FormsError.invalid([FieldProblem(field: field.id, message: LocalizedText(
                    ja: "「\(field.label.ja)」の添付ファイルが見つかりません。もう一度添付してください。",
                    en: "\(field.label.en): the attached file was not found; please attach it again."))])
            }
            attachment.applicationID = applicationID
            try await attachment.save(on: database)
        }
    }

    public func list(applicationID: UUID, on database: any Database) async throws -> [FormAttachment] {
        try await FormAttachment.query(on: database).filter(\.$applicationID == applicationID).sort(\.$createdAt).all()
    }

    /// The file's name and bytes.
    public func open(_ attachment: FormAttachment) throws -> (filename: String, data: Data) {
        let json = try cipher.decrypt(attachment.contentCiphertext, binding: attachment.binding())
        let content = try JSONDecoder().decode(FormAttachment.Content.self, from: Data(json.utf8))
        return (content.filename, Data(base64Encoded: content.base64) ?? Data())
    }
}
