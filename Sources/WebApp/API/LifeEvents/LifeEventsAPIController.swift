import Counter
import Foundation
import MadoguchiCore
import Vapor

/// `/api/v1/life-events`: the navigator for counter systems and tests.
///
/// - `GET /api/v1/life-events`: every life event with its fact ids (questions and derived facts).
/// - `POST /api/v1/life-events/{event}/checklist` with `{"event_date": "YYYY-MM-DD", "facts": {…}}`:
///   the checklist (see `Checklist` for the shape). Nothing sent is stored or logged.
///
/// Errors are JSON (`LifeEventsAPIError`) with the field named, in Japanese and English.
///
/// Mounted twice: at `/api/v1/…` with the shipped rules, and at `/{code}/api/v1/…` with that
/// municipality's inventory edits applied (`tenantScoped`).
struct LifeEventsAPIController: RouteCollection {
    var tenantScoped = false

    /// The largest checklist request accepted; the biggest real one is under 2 KB.
    static let maxBodyBytes = 64 * 1024

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1", "life-events")
        api.get(use: list).publicRead()
        api.on(.POST, ":event", "checklist", body: .collect(maxSize: ByteCount(value: Self.maxBodyBytes)), use: checklist)
    }

    func list(req: Request) async throws -> Response {
        let catalog = try await catalog(req)
        let base = tenantScoped ? "/\(try req.municipality.code)" : ""
        let body = LifeEventList(lifeEvents: catalog.lifeEvents.map { LifeEventSummary($0, base: base) })
        return try json(body, status: .ok)
    }

    func checklist(req: Request) async throws -> Response {
        let eventID = req.parameters.get("event") ?? ""
        do {
            let catalog = try await catalog(req)
            let event = try catalog.lifeEvent(eventID)
            guard req.headers.contentType == nil || req.headers.contentType?.subType == "json" else {
                throw CounterError(.invalidInput, ja: "Content-Type は application/json にしてください。",
                                   en: "Send the body as application/json.")
            }
            let data = req.body.data.map { Data(buffer: $0) } ?? Data()
            guard data.count <= Self.maxBodyBytes else {
                throw CounterError(.tooLarge, ja: "リクエストの本文が大きすぎます（上限 \(Self.maxBodyBytes / 1024) KB）。",
                                   en: "The request body is too large (limit \(Self.maxBodyBytes / 1024) KB).")
            }
            let request = try ChecklistRequest.decode(from: data)
            let today = CivilDate.today()
            let result = try ChecklistBuilder(catalog: catalog).checklist(event: event.id, eventDate: request.eventDate,
                                                                         facts: request.facts, today: today)
            return try json(result, status: .ok)
        } catch let error as CounterError {
            return try json(LifeEventsAPIError(error), status: error.kind.httpStatus)
        }
    }

    private func catalog(_ req: Request) async throws -> LifeEventCatalog {
        tenantScoped ? try await req.lifeEventCatalog() : req.madoguchi.lifeEvents
    }

    private func json(_ value: some Encodable, status: HTTPResponseStatus) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(data: try encoder.encode(value)))
    }
}
