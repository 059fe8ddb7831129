import Catalog
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
        do {
            try await req.madoguchi.categories.create(municipalityID: municipality.requireID(), name: input.name ?? "", title: input.title ?? "",
                                                      by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as CatalogError where error.field != nil {
            return try await render(req, input: input, problem: FieldProblem(field: error.field ?? "name", message: error.message))
        }
        return req.redirect(to: "/\(municipality.code)/staff/categories")
    }

    private func render(_ req: Request, input: Input, problem: FieldProblem?) async throws -> Response {
        let categories = try await req.madoguchi.categories.list(municipalityID: req.municipality.requireID(), on: req.db)
        return StaffCategoriesPage.render(categories: categories, input: input, problem: problem, context: req.pageContext()).response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}
