import FluentKit
import Foundation

/// A municipality's 部 and 課: listing, resolving a typed choice, and adding one with its checks.
public struct Departments: Sendable {
    let municipalities: Municipalities
    public init(audit: any AuditTrail) { self.municipalities = Municipalities(audit: audit) }

    /// The longest department code.
    public static let maxCodeLength = 40

    /// A department as typed on the staff screen.
    public struct Draft: Sendable {
        public var code: String
        public var name: String
        public var nameEnglish: String
        public init(code: String, name: String, nameEnglish: String) {
            self.code = code.trimmingCharacters(in: .whitespaces)
            self.name = name.trimmingCharacters(in: .whitespaces)
            self.nameEnglish = nameEnglish.trimmingCharacters(in: .whitespaces)
        }

        /// The first problem, naming its field.
        public func problem() -> FieldProblem? {
            guard !code.isEmpty, code.count <= Departments.maxCodeLength,
                  code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                return FieldProblem(field: "code", message: LocalizedText(
                    ja: "部署コードは半角英数字とハイフンで\(Departments.maxCodeLength)文字以内です",
                    en: "Codes use letters, digits and '-' (\(Departments.maxCodeLength) at most)"))
            }
            guard !name.isEmpty else {
                return FieldProblem(field: "name", message: LocalizedText(ja: "部署名を入力してください", en: "Enter the department's name"))
            }
            return nil
        }
    }

    /// Every department of the municipality, by code.
    public func list(of municipalityID: UUID, on db: any Database) async throws -> [Department] {
        try await Department.query(on: db).filter(\.$municipality.$id == municipalityID).sort(\.$code).all()
    }

    /// How many departments the municipality has.
    public func count(of municipalityID: UUID, on db: any Database) async throws -> Int {
        try await Department.query(on: db).filter(\.$municipality.$id == municipalityID).count()
    }

    /// The first department by code (where a member without one files their datasets), if any.
    public func first(of municipalityID: UUID, on db: any Database) async throws -> Department? {
        try await Department.query(on: db).filter(\.$municipality.$id == municipalityID).sort(\.$code).first()
    }

    /// The department a form's `department` field names, within the municipality; nil for "none".
    /// A value that is not one of the municipality's departments is refused with the field named.
    public func resolve(_ text: String?, in municipalityID: UUID, on db: any Database) async throws -> UUID? {
        guard let text, !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text),
              try await Department.query(on: db).filter(\.$id == id).filter(\.$municipality.$id == municipalityID).count() > 0 else {
            throw CoreError(.invalidInput, ja: "「所属」の部署が見つかりません", en: "Department: unknown department", field: "department")
        }
        return id
    }

    /// Adds a department after checking the draft and that its code is free (audited).
    @discardableResult
    public func create(_ draft: Draft, in municipality: Municipality, by actor: Actor, origin: RequestOrigin,
                       on db: any Database) async throws -> Department {
        if let problem = draft.problem() {
            throw CoreError(.invalidInput, ja: problem.message.ja, en: problem.message.en, field: problem.field)
        }
        let taken = try await Department.query(on: db).filter(\.$municipality.$id == municipality.requireID())
            .filter(\.$code == draft.code).count() > 0
        guard !taken else {
            throw CoreError(.conflict, ja: "その部署コードは使われています", en: "That code is taken", field: "code")
        }
        return try await municipalities.addDepartment(to: municipality, code: draft.code, name: draft.name,
                                                      nameEnglish: draft.nameEnglish, by: actor, origin: origin, on: db)
    }
}
