import FluentKit
import Foundation
import MadoguchiCore
import Notices
import Vapor

/// `/{code}/staff/alerts`: staff with the emergency permission issue, update and lift evacuation
/// alerts; each step is a CAP message and an audit entry, and the banner changes at once.
///
/// - `GET /staff/alerts`, `POST /staff/alerts`: list and issue
/// - `POST /staff/alerts/{id}`: update (level, areas, figures)
/// - `POST /staff/alerts/{id}/lift`: 解除
struct StaffAlertsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let permission = NoticesPermission.issueEmergency
        routes.on(.GET, "alerts", requiring: permission, use: list)
        routes.on(.POST, "alerts", requiring: permission, use: issue)
        routes.on(.POST, "alerts", ":alert", requiring: permission, use: update)
        routes.on(.POST, "alerts", ":alert", "lift", requiring: permission, use: lift)
    }

    struct Input: Content {
        var level: String?
        var areas: [String]?
        var households: String?
        var people: String?
        var instruction: String?
        var instruction_en: String?

        var alert: AlertInput {
            AlertInput(level: level ?? "", areaCodes: areas ?? [], households: households ?? "", people: people ?? "",
                       instruction: instruction ?? "", instructionEnglish: instruction_en ?? "")
        }
    }

    private func commands(_ req: Request) -> AlertCommands {
        AlertCommands(audit: req.madoguchi.audit, publicURL: req.madoguchi.configuration.publicURL)
    }

    func list(req: Request) async throws -> Response { try await render(req, input: Input(), problems: []) }

    func issue(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(Input.self)
        do {
            _ = try await commands(req).issue(municipality: municipality, input.alert, by: .staff(req.requireStaff().requireID()),
                                              origin: req.origin, on: req.db)
        } catch let problems as NoticesInputProblems {
            return try await render(req, input: input, problems: problems.problems)
        }
        try await req.application.activeAlerts.reload(on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/alerts")
    }

    func update(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(Input.self)
        do {
            _ = try await commands(req).update(try alertID(req), municipality: municipality, input.alert,
                                               by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let problems as NoticesInputProblems {
            return try await render(req, input: input, problems: problems.problems)
        }
        try await req.application.activeAlerts.reload(on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/alerts")
    }

    func lift(req: Request) async throws -> Response {
        let municipality = try req.municipality
        _ = try await commands(req).lift(try alertID(req), municipality: municipality, by: .staff(req.requireStaff().requireID()),
                                         origin: req.origin, on: req.db)
        try await req.application.activeAlerts.reload(on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/alerts")
    }

    private func alertID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("alert").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        return id
    }

    private func render(_ req: Request, input: Input, problems: [FieldProblem]) async throws -> Response {
        let id = try req.municipality.requireID()
        let alerts = try await AlertQueries.all(municipalityID: id, on: req.db)
        let areas = try await NoticeAreas.all(municipalityID: id, on: req.db)
        return StaffAlertsPage.render(alerts: alerts, areas: areas, input: input, problems: problems, context: req.pageContext())
            .response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }
}
