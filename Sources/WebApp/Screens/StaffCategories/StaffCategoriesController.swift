import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import Vapor

/// `/{code}/staff/categories`: the catalogue's categories (CKAN groups) shared by all departments.
///
/// - `GET /staff/categories`, `POST /staff/categories`: list and add (audited)
struct StaffCategoriesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "categories", requiring: CatalogPermission.manageCategories, use: list)
        routes.on(.POST, "categories", requiring: CatalogPermission.manageCategories, use: create)
    }

    struct Input: Content {
        var name: String?
        var title: String?
    }

    func list(req: Request) async throws -> Response { try await render(req, input: Input(), problem: nil) }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(Input.self)
        let name = (input.name ?? "").trimmingCharacters(in: .whitespaces), title = (input.title ?? "").trimmingCharacters(in: .whitespaces)
        guard CatalogName.isValid(name) else {
            return try await render(req, input: input, problem: FieldProblem(field: "name", message: LocalizedText(
                ja: "「URL名」は2〜100文字の半角英小文字・数字・- _ で入力してください。", en: "URL name: 2–100 of a–z, 0–9, - and _.")))
        }
        guard !title.isEmpty, title.count <= 100 else {
            return try await render(req, input: input, problem: FieldProblem(field: "title", message: LocalizedText(
                ja: "「名称」を100文字以内で入力してください。", en: "Title: 1–100 characters.")))
        }
        let exists = try await Category.query(on: req.db).filter(\.$municipalityID == municipality.requireID()).filter(\.$name == name).count() > 0
        guard !exists else {
            return try await render(req, input: input, problem: FieldProblem(field: "name", message: LocalizedText(
                ja: "その「URL名」は使われています。", en: "That URL name is taken.")))
        }
        let category = Category(municipalityID: try municipality.requireID(), name: name, title: title)
        try await req.db.transaction { db in
            try await category.create(on: db)
            try await req.madoguchi.audit.record(AuditEvent(municipalityID: category.municipalityID, actor: .staff(req.requireStaff().requireID()),
                                                            action: "catalog.category.create", targetType: Category.schema, targetID: name,
                                                            origin: req.origin), on: db)
        }
        return req.redirect(to: "/\(municipality.code)/staff/categories")
    }

    private func render(_ req: Request, input: Input, problem: FieldProblem?) async throws -> Response {
        let categories = try await Category.query(on: req.db).filter(\.$municipalityID == req.municipality.requireID()).sort(\.$name).all()
        return StaffCategoriesPage.render(categories: categories, input: input, problem: problem, context: req.pageContext()).response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}
