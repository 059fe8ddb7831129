import Catalog
import Foundation
import MadoguchiCore
import Vapor

/// `/{code}/staff/api-tokens`: a member's tokens for the CKAN API (shown once, stored hashed).
///
/// - `GET  /staff/api-tokens`: the member's tokens (label, created, last used, expiry; expired ones marked)
/// - `POST /staff/api-tokens`: create one valid for `days` (1–365, 90 by default); the page shows it once
/// - `POST /staff/api-tokens/{token}/revoke`: delete one
struct StaffAPITokensController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "api-tokens", requiring: CatalogPermission.editDatasets, use: list)
        routes.on(.POST, "api-tokens", requiring: CatalogPermission.editDatasets, use: create)
        routes.on(.POST, "api-tokens", ":token", "revoke", requiring: CatalogPermission.editDatasets, use: revoke)
    }

    func list(req: Request) async throws -> Response { try await render(req, created: nil, problem: nil) }

    struct Input: Content {
        var label: String?
        /// How many days the token lives, as typed.
        var days: String?
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(Input.self)
        do {
            let token = try await req.madoguchi.apiTokens.issue(to: req.requireStaff(), in: req.municipality.requireID(),
                                                                label: input.label ?? "", daysText: input.days ?? "",
                                                                origin: req.origin, on: req.db)
            return try await render(req, created: token, problem: nil)
        } catch let error as CoreError where error.field != nil {
            return try await render(req, created: nil, problem: FieldProblem(field: error.field ?? "label", message: error.message), input: input)
        }
    }

    func revoke(req: Request) async throws -> Response {
        guard let id = req.parameters.get("token").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        do {
            try await req.madoguchi.apiTokens.revoke(id, of: req.requireStaff(), origin: req.origin, on: req.db)
        } catch let error as CoreError where error.kind == .notFound {
            throw WebError.notFound
        }
        return req.redirect(to: "/\(try req.municipality.code)/staff/api-tokens")
    }

    private func render(_ req: Request, created: String?, problem: FieldProblem?, input: Input = Input()) async throws -> Response {
        let tokens = try await req.madoguchi.apiTokens.list(staffID: req.requireStaff().requireID(), on: req.db)
        return StaffAPITokensPage.render(tokens: tokens, created: created, problem: problem, input: input, now: Date(),
                                         context: req.pageContext())
            .response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}
