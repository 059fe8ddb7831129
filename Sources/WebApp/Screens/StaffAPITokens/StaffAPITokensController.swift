import FluentKit
import Foundation
import MadoguchiCore
import Plot
import Vapor

/// `/{code}/staff/api-tokens`: a member's tokens for the CKAN API (shown once, stored hashed).
///
/// - `GET  /staff/api-tokens`: the member's tokens (label, created, last used)
/// - `POST /staff/api-tokens`: create one; the page shows it once
/// - `POST /staff/api-tokens/{token}/revoke`: delete one
struct StaffAPITokensController: RouteCollection {
    static let maxTokensPerMember = 10

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "api-tokens", requiring: .editDatasets, use: list)
        routes.on(.POST, "api-tokens", requiring: .editDatasets, use: create)
        routes.on(.POST, "api-tokens", ":token", "revoke", requiring: .editDatasets, use: revoke)
    }

    func list(req: Request) async throws -> Response { try await render(req, created: nil, problem: nil) }

    struct Input: Content { var label: String? }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let label = (try req.content.decode(Input.self).label ?? "").trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, label.count <= 100 else {
            return try await render(req, created: nil, problem: FieldProblem(field: "label", message: LocalizedText(
                ja: "「用途」を100文字以内で入力してください。", en: "Give a purpose (100 characters at most).")))
        }
        let count = try await APIToken.query(on: req.db).filter(\.$staffID == staff.requireID()).count()
        guard count < Self.maxTokensPerMember else {
            return try await render(req, created: nil, problem: FieldProblem(field: "label", message: LocalizedText(
                ja: "APIトークンは1人\(Self.maxTokensPerMember)個までです。使っていないものを削除してください。",
                en: "At most \(Self.maxTokensPerMember) tokens per member; revoke unused ones.")))
        }
        let token = APITokens.generate()
        let row = APIToken()
        row.staffID = try staff.requireID()
        row.municipalityID = try req.municipality.requireID()
        row.label = label
        row.tokenHash = APITokens.hash(token)
        try await req.db.transaction { db in
            try await row.create(on: db)
            try await req.madoguchi.audit.record(AuditEvent(municipalityID: row.municipalityID, actor: .staff(row.staffID), action: "api_token.create",
                                                            targetType: APIToken.schema, targetID: row.id?.uuidString.lowercased(),
                                                            details: ["label": label], origin: req.origin), on: db)
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

    private func render(_ req: Request, created: String?, problem: FieldProblem?) async throws -> Response {
        let tokens = try await APIToken.query(on: req.db).filter(\.$staffID == req.requireStaff().requireID()).sort(\.$createdAt).all()
        let context = req.pageContext()
        let base = "/\(context.municipalityCode ?? "")/staff/api-tokens"
        return Layout.page(
            title: context.t(LocalizedText(ja: "APIトークン（CKAN API）", en: "API tokens (CKAN API)")), context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .unwrap(created) { token in
                .div(.class("notice"), .attribute(named: "role", value: "status"),
                     .p(.text(context.t(LocalizedText(ja: "新しいトークンです。この画面を閉じると二度と表示されません。",
                                                      en: "Your new token. It will not be shown again.")))),
                     .p(.code(.id("new-token"), .text(token))))
            },
            .p(.text(context.t(LocalizedText(
                ja: "CKAN クライアントのベースURLは /\(context.municipalityCode ?? "") です。トークンは Authorization ヘッダーで送ります。",
                en: "The CKAN base URL is /\(context.municipalityCode ?? ""); send the token in the Authorization header.")))),
            tokens.isEmpty ? .p(.text(context.t(LocalizedText(ja: "トークンはありません。", en: "No tokens.")))) :
            .ul(.forEach(tokens) { t in
                .li(.text("\(t.label)（\(TimeText.minutes(t.createdAt))作成、最終利用 \(t.lastUsedAt == nil ? "なし" : TimeText.minutes(t.lastUsedAt))）"),
                    .form(.method(.post), .action("\(base)/\(t.id?.uuidString.lowercased() ?? "")/revoke"), .class("inline"),
                          Layout.csrfField(context),
                          .button(.type(.submit), .class("secondary"), .text(context.t(LocalizedText(ja: "削除", en: "Revoke"))))))
            }),
            .form(.method(.post), .action(base), Layout.csrfField(context),
                  FormFields.text("label", label: context.t(LocalizedText(ja: "用途（例：都のカタログへの登録）", en: "Purpose")), problem: problem,
                                  context: context, autocomplete: "off"),
                  FormFields.submit(context.t(LocalizedText(ja: "トークンを作る", en: "Create a token"))))
        ).response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}
