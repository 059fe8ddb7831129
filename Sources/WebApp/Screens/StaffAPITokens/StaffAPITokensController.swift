import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import Vapor

/// `/{code}/staff/api-tokens`: a member's tokens for the CKAN API (shown once, stored hashed).
///
/// - `GET  /staff/api-tokens`: the member's tokens (label, created, last used, expiry; expired ones marked)
/// - `POST /staff/api-tokens`: create one valid for `days` (1–365, 90 by default); the page shows it once
/// - `POST /staff/api-tokens/{token}/revoke`: delete one
struct StaffAPITokensController: RouteCollection {
    static let maxTokensPerMember = 10

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
        let staff = try req.requireStaff()
        let input = try req.content.decode(Input.self)
        let label = (input.label ?? "").trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, label.count <= 100 else {
            return try await render(req, created: nil, problem: FieldProblem(field: "label", message: LocalizedText(
                ja: "「用途」を100文字以内で入力してください。", en: "Purpose: give one (100 characters at most).")), input: input)
        }
        let daysText = (input.days ?? "").trimmingCharacters(in: .whitespaces)
        guard let days = daysText.isEmpty ? APIToken.defaultLifetimeDays : Int(daysText), APIToken.lifetimeDays.contains(days) else {
            return try await render(req, created: nil, problem: FieldProblem(field: "days", message: LocalizedText(
                ja: "「有効期間（日）」は\(APIToken.lifetimeDays.lowerBound)〜\(APIToken.lifetimeDays.upperBound)の整数で入力してください。",
                en: "Valid for (days): a whole number from \(APIToken.lifetimeDays.lowerBound) to \(APIToken.lifetimeDays.upperBound).")),
                input: input)
        }
        let count = try await APIToken.query(on: req.db).filter(\.$staffID == staff.requireID()).count()
        guard count < Self.maxTokensPerMember else {
            return try await render(req, created: nil, problem: FieldProblem(field: "label", message: LocalizedText(
                ja: "APIトークンは1人\(Self.maxTokensPerMember)個までです。使っていないものを削除してください。",
                en: "At most \(Self.maxTokensPerMember) tokens per member; revoke unused ones.")), input: input)
        }
        let token = APITokens.generate()
        let row = APIToken()
        row.staffID = try staff.requireID()
        row.municipalityID = try req.municipality.requireID()
        row.label = label
        row.tokenHash = APITokens.hash(token)
        row.expiresAt = Date().addingTimeInterval(TimeInterval(days) * 86_400)
        try await req.db.transaction { db in
            try await row.create(on: db)
            try await req.madoguchi.audit.record(AuditEvent(municipalityID: row.municipalityID, actor: .staff(row.staffID), action: "api_token.create",
                                                            targetType: APIToken.schema, targetID: row.id?.uuidString.lowercased(),
                                                            details: ["label": label, "days": String(days)], origin: req.origin), on: db)
        }
        return try await render(req, created: token, problem: nil)
    }

    func revoke(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard let id = req.parameters.get("token").flatMap(UUID.init(uuidString:)),
              let row = try await APIToken.query(on: req.db).filter(\.$id == id).filter(\.$staffID == staff.requireID()).first() else {
            throw WebError.notFound
        }
        try await req.db.transaction { db in
            try await row.delete(on: db)
            try await req.madoguchi.audit.record(AuditEvent(municipalityID: row.municipalityID, actor: .staff(row.staffID), action: "api_token.revoke",
                                                            targetType: APIToken.schema, targetID: id.uuidString.lowercased(), origin: req.origin), on: db)
        }
        return req.redirect(to: "/\(try req.municipality.code)/staff/api-tokens")
    }

    private func render(_ req: Request, created: String?, problem: FieldProblem?, input: Input = Input()) async throws -> Response {
        let tokens = try await APIToken.query(on: req.db).filter(\.$staffID == req.requireStaff().requireID()).sort(\.$createdAt).all()
        return StaffAPITokensPage.render(tokens: tokens, created: created, problem: problem, input: input, now: Date(),
                                         context: req.pageContext())
            .response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}
