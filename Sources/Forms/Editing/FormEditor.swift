import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// Department staff edit a form's definition (wording, help, fields, conditions, fee) for their
/// municipality. An edit is the whole JSON of the form; it is saved only if the form keeps its id
/// and the whole catalogue still loads with it (the same checks as the shipped files), and audited.
public struct FormEditor: Sendable {
    public let audit: any AuditTrail
    public static let maxDefinitionBytes = 64 * 1024

    public init(audit: any AuditTrail) { self.audit = audit }

    /// The shipped definition texts, by form id (file name without `.json`).
    public static let shippedTexts: [String: String] = Dictionary(
        uniqueKeysWithValues: ((try? FormCatalog.shippedFiles()) ?? []).map { (String($0.name.dropLast(5)), String(decoding: $0.data, as: UTF8.self)) })

    public func overrides(municipalityID: UUID, on database: any Database) async throws -> [String: FormOverride] {
        let rows = try await FormOverride.query(on: database).filter(\.$municipalityID == municipalityID).all()
        return Dictionary(rows.map { ($0.formID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A fingerprint of the edits, so every instance notices a change on its next request. Read on
    /// every forms request, so it is one plain statement with a bind, its two columns read by name
    /// (no model reflection).
    public func version(municipalityID: UUID, on database: any Database) async throws -> String {
        let rows = try await database.sql(for: "the form edits' fingerprint").raw("""
            SELECT form_id, revision FROM \(ident: FormOverride.schema) WHERE municipality_id = \(bind: municipalityID)
            """).all()
        return try rows.map { "\(try $0.decode(column: "form_id", as: String.self))@\(try $0.decode(column: "revision", as: Int.self))" }
            .sorted().joined(separator: ",")
    }

    /// The forms with the municipality's edits applied.
    public func catalog(municipalityID: UUID, on database: any Database) async throws -> FormCatalog {
        try Self.apply(try await overrides(municipalityID: municipalityID, on: database).mapValues { ($0.definition, $0.revision) })
    }

    static func apply(_ edits: [String: (definition: String, revision: Int)]) throws -> FormCatalog {
        let files = shippedTexts.sorted { $0.key < $1.key }.map { id, text in ("\(id).json", Data((edits[id]?.definition ?? text).utf8)) }
        let catalog = try FormCatalog.load(files: files)
        return FormCatalog(forms: catalog.forms.map { form in
            guard let revision = edits[form.id]?.revision, let shipped = try? RulesFile(name: "\(form.id).json", data: Data((shippedTexts[form.id] ?? "").utf8)).decode(FormDefinition.self)
            else { return form }
            return FormDefinition(id: form.id, procedureID: form.procedureID, title: form.title, version: shipped.version + revision,
                                  identityLevel: form.identityLevel, feeYen: form.feeYen, steps: form.steps)
        })
    }

    /// The text staff edit: their last edit, or the shipped file.
    public func text(formID: String, municipalityID: UUID, on database: any Database) async throws -> String? {
        if let edit = try await overrides(municipalityID: municipalityID, on: database)[formID] { return edit.definition }
        return Self.shippedTexts[formID]
    }

    public func save(formID: String, definition: String, municipalityID: UUID, by actor: Actor, origin: RequestOrigin,
                     on database: any Database) async throws {
        func refuse(_ ja: String, _ en: String) -> FormsError {
            .invalid([FieldProblem(field: "definition", message: LocalizedText(ja: "「定義」" + ja, en: "Definition: " + en))])
        }
        guard Self.shippedTexts[formID] != nil else { throw FormsReviewError.notFound }
        guard definition.utf8.count <= Self.maxDefinitionBytes else {
            throw refuse("が大きすぎます（上限 \(Self.maxDefinitionBytes / 1024) KB）。", "too large (limit \(Self.maxDefinitionBytes / 1024) KB).")
        }
        let decoded: FormDefinition
        // The same loader as the shipped files (`RulesFile`): the problem names the line to fix.
        do { decoded = try RulesFile(name: "\(formID).json", data: Data(definition.utf8)).decode(FormDefinition.self) } catch {
            throw refuse("をJSONの様式定義として読めません：\(error.line)行目 \(error.message)", "not a readable form definition: line \(error.line): \(error.message)")
        }
        guard decoded.id == formID else { throw refuse("の id は「\(formID)」のままにしてください。", "keep the id \"\(formID)\".") }
        var edits = try await overrides(municipalityID: municipalityID, on: database).mapValues { ($0.definition, $0.revision) }
        let revision = (edits[formID]?.1 ?? 0) + 1
        edits[formID] = (definition, revision)
        do { _ = try Self.apply(edits) } catch let error as FormCatalog.LoadError {
            throw FormsError.invalid(error.problems.prefix(10).map { FieldProblem(field: "definition", message: LocalizedText(ja: "「定義」" + $0.description, en: "Definition: " + $0.description)) })
        }
        try await database.transaction { db in
            let row = try await FormOverride.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$formID == formID).first() ?? FormOverride()
            row.municipalityID = municipalityID
            row.formID = formID
            row.definition = definition
            row.revision = revision
            if case .staff(let id) = actor { row.updatedBy = id }
            row.updatedAt = Date()
            try await row.save(on: db)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "forms.definition.update",
                                              targetType: "form", targetID: formID, details: ["revision": String(revision)], origin: origin), on: db)
        }
    }

    /// Back to the shipped definition; audited.
    public func revert(formID: String, municipalityID: UUID, by actor: Actor, origin: RequestOrigin, on database: any Database) async throws {
        try await database.transaction { db in
            try await FormOverride.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$formID == formID).delete()
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "forms.definition.revert",
                                              targetType: "form", targetID: formID, origin: origin), on: db)
        }
    }
}
