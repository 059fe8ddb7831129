import FluentKit
import Foundation
import MadoguchiCore
import Plot
import Privacy
import Vapor

/// `/{code}/staff/privacy/requests`: the privacy officer's queue of 開示請求・訂正請求・利用停止請求.
///
/// - `GET  /staff/privacy/requests`: the queue with legal deadlines, and this fiscal year's counts
/// - `GET  /staff/privacy/requests/new`, `POST /staff/privacy/requests`: enter a paper request
/// - `GET  /staff/privacy/requests/{request}`: one request (the requester's details are decrypted and
///   the reading audited), the requester's records gathered from every module, the notices
/// - `POST /staff/privacy/requests/{request}/{action}`: `correction-start`, `correction-end`, `extend`, `decide`
struct StaffPrivacyRequestsController: RouteCollection {
    /// Every source of personal records the manifests declare, asked when gathering a requester's
    /// records; the requester's other requests are listed last.
    static let sources: [any PersonalRecordSource] = {
        let all = Modules.all.personalRecordSources
        return all.filter { $0.fileID != PrivacyModule.requestsFile.id } + all.filter { $0.fileID == PrivacyModule.requestsFile.id }
    }()

    func boot(routes: any RoutesBuilder) throws {
        let manage = PrivacyPermission.manageRequests
        routes.on(.GET, "privacy", "requests", requiring: manage, use: queue)
        routes.on(.GET, "privacy", "requests", "new", requiring: manage, use: newForm)
        routes.on(.POST, "privacy", "requests", requiring: manage, use: create)
        routes.on(.GET, "privacy", "requests", ":request", requiring: manage, use: show)
        routes.on(.POST, "privacy", "requests", ":request", ":action", requiring: manage, use: act)
    }

    func queue(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let service = req.madoguchi.privacyRequests
        let requests = try await service.queue(in: try req.privacyRequestScope(), on: req.db)
        let today = CivilDate.today()
        let year = municipality.fiscalYear(containing: today)
        let statistics = try await PrivacyRequestStatistics.load(municipalityID: municipality.requireID(), fiscalYear: year, on: req.db)
        let rows = requests.map { r in
            StaffPrivacyRequestsPage.Row(id: r.id!, reference: PrivacyRequestInput.reference(r), kind: r.requestKind, received: r.receivedOn,
                                         due: service.due(r), status: r.requestStatus, decision: r.decision.flatMap(PrivacyRequestDecision.init))
        }
        return StaffPrivacyRequestsPage.queue(rows: rows, statistics: statistics, today: today, context: req.pageContext()).response()
    }

    func newForm(req: Request) async throws -> Response {
        PrivacyRequestFormPage.render(.init(files: try PrivacyController.register(for: req).entries, input: .init(), problems: [], staffEntry: true),
                                      context: req.pageContext()).response()
    }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(PrivacyRequestInput.self)
        do {
            let request = try await input.register(municipalityID: municipality.requireID(), receivedOn: CivilDate.today(),
                                                   service: req.madoguchi.privacyRequests,
                                                   actor: .staff(req.requireStaff().requireID()), on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/privacy/requests/\(request.id!.uuidString.lowercased())")
        } catch let error as FieldProblems {
            return PrivacyRequestFormPage.render(.init(files: try PrivacyController.register(for: req).entries, input: input,
                                                       problems: error.problems, staffEntry: true),
                                                 context: req.pageContext()).response(status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        try await render(req, problems: [])
    }

    struct ActionInput: Content {
        var on: String?
        var reason: String?
        var decision: String?
        var grounds: String?
    }

    func act(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let request = try await find(req)
        let input = try req.content.decode(ActionInput.self)
        let service = req.madoguchi.privacyRequests
        let actor = Actor.staff(try req.requireStaff().requireID())
        let day = (input.on?.isEmpty == false ? input.on.flatMap(CivilDate.init(typed:)) : CivilDate.today())
        guard let day else {
            return try await render(req, problems: [FieldProblem(field: "on", message: LocalizedText(
                ja: "「日付」は 2026-11-01 または 令和8年11月1日 の形で入力してください。", en: "Date: use 2026-11-01."))])
        }
        do {
            switch req.parameters.get("action") ?? "" {
            case "correction-start": try await service.startCorrection(request, on: day, actor: actor, database: req.db)
            case "correction-end": try await service.endCorrection(request, on: day, actor: actor, database: req.db)
            case "extend": try await service.extend(request, noticeOn: day, reason: input.reason ?? "", actor: actor, database: req.db)
            case "decide":
                guard let decision = PrivacyRequestDecision(rawValue: input.decision ?? "") else {
                    return try await render(req, problems: [FieldProblem(field: "decision", message: LocalizedText(
                        ja: "「決定の内容」を選んでください。", en: "Choose the decision."))])
                }
                try await service.decide(request, decision: decision, grounds: input.grounds, decidedOn: day, actor: actor, database: req.db)
            default: throw WebError.notFound
            }
        } catch let error as PrivacyRequestError {
            let field = error == .groundsRequired ? (req.parameters.get("action") == "extend" ? "reason" : "grounds") : "action"
            return try await render(req, problems: [FieldProblem(field: field, message: error.message)])
        }
        return req.redirect(to: "/\(municipality.code)/staff/privacy/requests/\(request.id!.uuidString.lowercased())")
    }

    private func find(_ req: Request) async throws -> PrivacyRequest {
        guard let id = req.parameters.get("request").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        return try await req.madoguchi.privacyRequests.find(id, in: try req.privacyRequestScope(), on: req.db)
    }

    private func render(_ req: Request, problems: [FieldProblem]) async throws -> Response {
        let municipality = try req.municipality
        let request = try await find(req)
        let service = req.madoguchi.privacyRequests
        let actor = Actor.staff(try req.requireStaff().requireID())
        let requester = try await service.requester(of: request, actor: actor, on: req.db)
        var records: [PersonalRecordMatch] = []
        for source in Self.sources {
            records += try await source.records(matchingName: requester.name, municipalityID: municipality.requireID(),
                                                cipher: req.madoguchi.cipher, on: req.db)
        }
        records.removeAll { $0.fileID == PrivacyModule.requestsFile.id && $0.reference == PrivacyRequestInput.reference(request) }
        try await req.madoguchi.audit.record(AuditEvent(municipalityID: municipality.requireID(), actor: actor, action: "privacy.request.gather",
                                                        targetType: PrivacyRequest.schema, targetID: request.id?.uuidString.lowercased(),
                                                        details: ["records": String(records.count)], origin: req.origin), on: req.db)
        let kind = request.requestKind ?? .disclosure
        var notices: [(String, String)] = []
        if let noticeOn = request.extensionNoticeOn.flatMap(CivilDate.init(iso:)), let due = service.due(request),
           let received = CivilDate(iso: request.receivedOn) {
            notices.append(("延長通知書", RequestNotice.extensionNotice(kind: kind, requesterName: requester.name, receivedOn: received, newDueDate: due,
                                                                   reason: request.extensionReason ?? "", noticeOn: noticeOn, bodyName: municipality.name)))
        }
        if let decision = request.decision.flatMap(PrivacyRequestDecision.init), let decided = request.decidedOn.flatMap(CivilDate.init(iso:)),
           let received = CivilDate(iso: request.receivedOn) {
            notices.append(("決定通知書", RequestNotice.decisionNotice(kind: kind, decision: decision, grounds: request.decisionGrounds,
                                                                 requesterName: requester.name, receivedOn: received, decidedOn: decided,
                                                                 bodyName: municipality.name)))
        }
        let fileNames = Dictionary(req.madoguchi.manifests.flatMap(\.personalInformationFiles).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let model = StaffPrivacyRequestsPage.Detail(
            request: request, reference: PrivacyRequestInput.reference(request), requester: requester, subject: try service.subject(of: request),
            due: service.due(request), records: records.map { ($0, fileNames[$0.fileID] ?? $0.fileID) }, notices: notices, problems: problems)
        return StaffPrivacyRequestsPage.detail(model, context: req.pageContext()).response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }
}

extension Request {
    /// The privacy office's scope over requests; 404 for anyone else (the route's permission already
    /// keeps them out, this keeps the query layer from relying on it).
    func privacyRequestScope() throws -> PrivacyRequestScope {
        let staff = try requireStaff()
        guard let scope = PrivacyRequestScope(municipalityID: try municipality.requireID(), staffID: try staff.requireID(),
                                              roles: staff.roles, policy: Modules.accessPolicy) else { throw WebError.notFound }
        return scope
    }
}
