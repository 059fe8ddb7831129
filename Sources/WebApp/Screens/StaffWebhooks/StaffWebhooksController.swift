import Foundation
import MadoguchiCore
import Notices
import Vapor

/// `/{code}/staff/webhooks`: the municipality's webhook endpoints (a LINE/SNS bridge, the
/// prefecture's system), for the IT section (`NoticesPermission.manageWebhooks`).
///
/// - `GET  /staff/webhooks`: the endpoints and the form to register one
/// - `POST /staff/webhooks`: register one; the page shows its secret once
/// - `GET  /staff/webhooks/{id}`: one endpoint: its form and its latest messages
/// - `POST /staff/webhooks/{id}`: save its URL, description, choices, state
/// - `POST /staff/webhooks/{id}/rotate`: a new secret, shown once
struct StaffWebhooksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let manage = NoticesPermission.manageWebhooks
        routes.on(.GET, "webhooks", requiring: manage, use: list)
        routes.on(.POST, "webhooks", requiring: manage, use: create)
        routes.on(.GET, "webhooks", ":webhook", requiring: manage, use: show)
        routes.on(.POST, "webhooks", ":webhook", requiring: manage, use: save)
        routes.on(.POST, "webhooks", ":webhook", "rotate", requiring: manage, use: rotate)
    }

    struct Input: Content {
        var url: String?
        var description: String?
        var categories: [String]?
        var areas: [String]?
        var alerts: String?
        var active: String?

        var endpoint: WebhookEndpointInput {
            WebhookEndpointInput(url: url ?? "", description: description ?? "", categories: categories ?? [], areaCodes: areas ?? [],
                                 alerts: alerts == "1", active: active == "1")
        }
    }

    private func webhooks(_ req: Request) -> NoticeWebhooks { req.madoguchi.noticeWebhooks }

    func list(req: Request) async throws -> Response {
        try await renderList(req, input: WebhookEndpointInput(url: "", active: true), created: nil, problems: [])
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(Input.self).endpoint
        do {
            let (endpoint, secret) = try await webhooks(req).create(municipalityID: req.municipality.requireID(), input,
                                                                    by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return try await renderList(req, input: WebhookEndpointInput(url: "", active: true), created: (endpoint, secret), problems: [])
        } catch let problems as NoticesInputProblems {
            return try await renderList(req, input: input, created: nil, problems: problems.problems)
        } catch let error as NoticesError where error.field != nil {
            return try await renderList(req, input: input, created: nil, problems: [FieldProblem(field: error.field!, message: error.message)])
        }
    }

    func show(req: Request) async throws -> Response {
        let endpoint = try await find(req)
        return try await renderEndpoint(req, endpoint, input: StaffWebhooksPage.input(of: endpoint), secret: nil, problems: [])
    }

    func save(req: Request) async throws -> Response {
        let endpoint = try await find(req)
        let input = try req.content.decode(Input.self).endpoint
        do {
            let saved = try await webhooks(req).update(endpoint.requireID(), municipalityID: req.municipality.requireID(), input,
                                                       by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(try req.municipality.code)/staff/webhooks/\(try saved.requireID().uuidString.lowercased())?saved=1")
        } catch let problems as NoticesInputProblems {
            return try await renderEndpoint(req, endpoint, input: input, secret: nil, problems: problems.problems)
        }
    }

    func rotate(req: Request) async throws -> Response {
        let endpoint = try await find(req)
        let secret = try await webhooks(req).rotateSecret(endpoint.requireID(), municipalityID: req.municipality.requireID(),
                                                          by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        let fresh = try await find(req)
        return try await renderEndpoint(req, fresh, input: StaffWebhooksPage.input(of: fresh), secret: secret, problems: [])
    }

    private func find(_ req: Request) async throws -> WebhookEndpoint {
        guard let id = req.parameters.get("webhook").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        do {
            return try await webhooks(req).find(id, municipalityID: req.municipality.requireID(), on: req.db)
        } catch let error as NoticesError where error.kind == .notFound {
            throw WebError.notFound
        }
    }

    private func renderList(_ req: Request, input: WebhookEndpointInput, created: (WebhookEndpoint, String)?,
                            problems: [FieldProblem]) async throws -> Response {
        let id = try req.municipality.requireID()
        let model = StaffWebhooksPage.ListModel(endpoints: try await webhooks(req).list(municipalityID: id, on: req.db),
                                                areas: try await NoticeAreas.all(municipalityID: id, on: req.db),
                                                input: input, created: created)
        return StaffWebhooksPage.list(model, problems: problems, context: req.pageContext())
            .response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    private func renderEndpoint(_ req: Request, _ endpoint: WebhookEndpoint, input: WebhookEndpointInput, secret: String?,
                                problems: [FieldProblem]) async throws -> Response {
        let id = try req.municipality.requireID()
        let model = StaffWebhooksPage.EndpointModel(
            endpoint: endpoint, areas: try await NoticeAreas.all(municipalityID: id, on: req.db), input: input, secret: secret,
            attempts: try await webhooks(req).recentAttempts(of: endpoint, on: req.db),
            saved: (try? req.query.get(String.self, at: "saved")) == "1")
        return StaffWebhooksPage.endpoint(model, problems: problems, context: req.pageContext())
            .response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }
}
