import FluentKit
import Foundation
import MadoguchiCore
import Notices
import Vapor

/// `/{code}/alerts`: evacuation alerts for residents, and their CAP 1.2 messages.
///
/// - `GET /alerts`: active alerts and those lifted in the last day, with links to their messages
/// - `GET /alerts/cap/{id}`: one CAP message, byte for byte as issued (stable URL)
/// - `GET /alerts/cap.atom`: an Atom index of the current CAP messages
struct AlertsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let alerts = routes.grouped("alerts")
        alerts.get(use: page).publicRead()
        alerts.get("cap.atom", use: index).publicRead()
        alerts.get("cap", ":message", use: message).publicRead()
    }

    func page(req: Request) async throws -> Response {
        let id = try req.municipality.requireID()
        let messages = try await AlertQueries.currentMessages(municipalityID: id, on: req.db)
        let areas = try await NoticeAreas.all(municipalityID: id, on: req.db)
        return AlertsPage.render(messages: messages, areas: areas, context: req.pageContext()).response()
    }

    func message(req: Request) async throws -> Response {
        let raw = (req.parameters.get("message") ?? "").trimmingSuffix(".xml")
        guard let id = UUID(uuidString: raw),
              let message = try await AlertQueries.message(id, municipalityID: req.municipality.requireID(), on: req.db)
        else { throw WebError.notFound }
        return ConditionalGET.response(req, body: message.document, lastModified: message.sent,
                                                 contentType: "application/cap+xml; charset=utf-8")
    }

    func index(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let messages = try await AlertQueries.currentMessages(municipalityID: municipality.requireID(), on: req.db)
        let base = req.application.madoguchi.configuration.publicURL.trimmingSuffix("/")
        let code = municipality.code
        let feed = CAPIndexFeed(id: "tag:madoguchi,2026:\(code)/alerts/cap", title: "\(municipality.name)の避難情報（CAP）",
                                selfURL: "\(base)/\(code)/alerts/cap.atom",
                                messageURL: { "\(base)/\(code)/alerts/cap/\($0.id!.uuidString.lowercased()).xml" },
                                author: municipality.name, messages: messages, emptyUpdated: Date(timeIntervalSince1970: 1_767_225_600))
        return ConditionalGET.response(req, body: feed.atom, lastModified: feed.updated, contentType: "application/atom+xml; charset=utf-8")
    }
}
