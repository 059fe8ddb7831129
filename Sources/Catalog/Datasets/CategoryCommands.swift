import FluentKit
import Foundation
import MadoguchiCore

/// The catalogue's categories (CKAN groups), shared by every department: list and add (audited).
public struct CategoryCommands: Sendable {
    /// The longest category title.
    public static let maxTitleLength = 100

    let audit: any AuditTrail
    public init(audit: any AuditTrail) { self.audit = audit }

    /// The municipality's categories by URL name.
    public func list(municipalityID: UUID, on db: any Database) async throws -> [Category] {
        try await Category.query(on: db).filter(\.$municipalityID == municipalityID).sort(\.$name).all()
    }

    /// Adds a category; a bad or taken URL name, or a missing or long title, is refused with the field named.
    @discardableResult
    public func create(municipalityID: UUID, name rawName: String, title rawTitle: String, by actor: Actor,
                       origin: RequestOrigin = .none, on db: any Database) async throws -> Category {
        let name = rawName.trimmingCharacters(in: .whitespaces), title = rawTitle.trimmingCharacters(in: .whitespaces)
        guard CatalogName.isValid(name) else {
            throw CatalogError(.invalidInput, ja: "「URL名」は2〜100文字の半角英小文字・数字・- _ で入力してください。",
                               en: "URL name: 2–100 of a–z, 0–9, - and _.", field: "name")
        }
        guard !title.isEmpty, title.count <= Self.maxTitleLength else {
            throw CatalogError(.invalidInput, ja: "「名称」を\(Self.maxTitleLength)文字以内で入力してください。",
                               en: "Title: 1–\(Self.maxTitleLength) characters.", field: "title")
        }
        let taken = try await Category.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$name == name).count() > 0
        guard !taken else {
            throw CatalogError(.conflict, ja: "その「URL名」は使われています。", en: "That URL name is taken.", field: "name")
        }
        let category = Category(municipalityID: municipalityID, name: name, title: title)
        try await db.transaction { tx in
            try await category.create(on: tx)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "catalog.category.create",
                                              targetType: Category.schema, targetID: name, origin: origin), on: tx)
        }
        return category
    }
}
