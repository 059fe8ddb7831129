import FluentKit
import Foundation
import Mail
import MadoguchiCore
import Notices
import Vapor

/// `/{code}/staff/notices`: staff draft, edit, publish and correct notices (お知らせ); an emergency
/// notice waits for a second person's approval. Every write is audited by the module's commands.
///
/// - `GET /staff/notices`, `GET /staff/notices/new`, `POST /staff/notices`: list, form, create a draft
/// - `GET /staff/notices/{id}`, `POST /staff/notices/{id}`: edit (a published notice: a correction)
/// - `POST /staff/notices/{id}/publish`, `POST /staff/notices/{id}/approve`
/// - `/staff/notices/{id}/attachments…`: the notice's files (`StaffNoticeAttachmentsController`)
/// - `GET /staff/notices/areas`, `POST /staff/notices/areas`: the districts notices and alerts target
struct StaffNoticesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let write = NoticesPermission.writeNotices
        routes.on(.GET, "notices", requiring: write, use: list)
        routes.on(.GET, "notices", "new", requiring: write, use: newForm)
        routes.on(.POST, "notices", requiring: write, use: create)
        routes.on(.GET, "notices", "areas", requiring: NoticesPermission.manageAreas, use: areas)
        routes.on(.POST, "notices", "areas", requiring: NoticesPermission.manageAreas, use: addArea)
        routes.on(.GET, "notices", ":notice", requiring: write, use: edit)
        routes.on(.POST, "notices", ":notice", requiring: write, use: save)
        routes.on(.POST, "notices", ":notice", "publish", requiring: write, use: publish)
        routes.on(.POST, "notices", ":notice", "approve", requiring: NoticesPermission.issueEmergency, use: approve)
        try StaffNoticeAttachmentsController().boot(routes: routes)
    }

    struct Input: Content {
        var title: String?
        var body: String?
        var category: String?
        var department_id: String?
        var areas: [String]?
        var publish_at: String?
        var expires_at: String?
        var title_easy: String?
        var body_easy: String?
        var title_en: String?
        var body_en: String?
        var note: String?

        var notice: NoticeInput {
            NoticeInput(title: title ?? "", body: body ?? "", category: category ?? "", departmentID: department_id ?? "",
                        areaCodes: areas ?? [], publishAt: publish_at ?? "", expiresAt: expires_at ?? "", titleEasy: title_easy ?? "",
                        bodyEasy: body_easy ?? "", titleEnglish: title_en ?? "", bodyEnglish: body_en ?? "")
        }
    }

    struct AreaInput: Content {
        var code: String?
        var name: String?
        var name_en: String?
        var households: String?
        var population: String?
    }

    private func commands(_ req: Request) -> NoticeCommands { req.madoguchi.noticeCommands }

    func list(req: Request) async throws -> Response {
        let municipalityID = try req.municipality.requireID()
        let notices = try await NoticeQueries.all(municipalityID: municipalityID, on: req.db)
        let subscribers = StaffNoticesPage.Subscribers(
            byState: try await SubscriptionFigures.byState(municipalityID: municipalityID, on: req.db),
            byCategory: try await SubscriptionFigures.subscribersByCategory(municipalityID: municipalityID, at: Date(), on: req.db),
            queuedPerNotice: try await SubscriptionFigures.queuedPerNotice(municipalityID: municipalityID, on: req.db))
        return StaffNoticesPage.list(notices: notices, subscribers: subscribers, context: req.pageContext()).response()
    }

    func newForm(req: Request) async throws -> Response {
        try await renderForm(req, notice: nil, input: NoticeInput(title: "", body: "", category: NoticeCategory.living.rawValue), note: "", problems: [])
    }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(Input.self)
        do {
            let notice = try await commands(req).create(municipalityID: municipality.requireID(), input.notice,
                                                        by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/notices/\(notice.id!.uuidString.lowercased())")
        } catch let problems as NoticesInputProblems {
            return try await renderForm(req, notice: nil, input: input.notice, note: "", problems: problems.problems)
        }
    }

    func edit(req: Request) async throws -> Response {
        let notice = try await find(req)
        return try await renderForm(req, notice: notice, input: NoticeInput(notice: notice), note: "", problems: [])
    }

    func save(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let notice = try await find(req)
        let input = try req.content.decode(Input.self)
        do {
            let staff = try req.requireStaff()
            _ = try await commands(req).update(notice.id!, municipalityID: municipality.requireID(), input.notice, note: input.note ?? "",
                                               mayCorrectEmergency: Modules.accessPolicy.allows(staff.roles, NoticesPermission.issueEmergency),
                                               by: .staff(staff.requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/notices/\(notice.id!.uuidString.lowercased())?saved=1")
        } catch let problems as NoticesInputProblems {
            return try await renderForm(req, notice: notice, input: input.notice, note: input.note ?? "", problems: problems.problems)
        }
    }

    func publish(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let notice = try await find(req)
        do {
            _ = try await commands(req).publish(notice.id!, municipalityID: municipality.requireID(), by: .staff(req.requireStaff().requireID()),
                                                origin: req.origin, on: req.db)
        } catch let problems as NoticesInputProblems {  // the privacy scanner's findings in a text attachment
            return try await renderForm(req, notice: notice, input: NoticeInput(notice: notice), note: "", problems: problems.problems)
        }
        return req.redirect(to: "/\(municipality.code)/staff/notices/\(notice.id!.uuidString.lowercased())")
    }

    func approve(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let notice = try await find(req)
        let staff = try req.requireStaff()
        _ = try await commands(req).approve(notice.id!, municipalityID: municipality.requireID(), by: .staff(staff.requireID()),
                                            mayApproveEmergency: Modules.accessPolicy.allows(staff.roles, NoticesPermission.issueEmergency),
                                            origin: req.origin, on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/notices/\(notice.id!.uuidString.lowercased())")
    }

    func areas(req: Request) async throws -> Response {
        try await renderAreas(req, input: AreaInput(), problems: [])
    }

    func addArea(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(AreaInput.self)
        do {
            try await NoticeAreas(audit: req.madoguchi.audit).add(
                municipalityID: municipality.requireID(), code: input.code ?? "", name: input.name ?? "", nameEnglish: input.name_en ?? "",
                households: input.households ?? "", population: input.population ?? "", by: .staff(req.requireStaff().requireID()),
                origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/notices/areas")
        } catch let problems as NoticesInputProblems {
            return try await renderAreas(req, input: input, problems: problems.problems)
        }
    }

    private func find(_ req: Request) async throws -> Notice {
        guard let id = req.parameters.get("notice").flatMap(UUID.init(uuidString:)),
              let notice = try await NoticeQueries.find(id, municipalityID: req.municipality.requireID(), on: req.db)
        else { throw WebError.notFound }
        return notice
    }

    private func renderForm(_ req: Request, notice: Notice?, input: NoticeInput, note: String, problems: [FieldProblem]) async throws -> Response {
        let id = try req.municipality.requireID()
        let areas = try await NoticeAreas.all(municipalityID: id, on: req.db)
        let departments = try await NoticeQueries.departments(municipalityID: id, on: req.db)
        var revisions: [NoticeRevision] = []
        if let notice { revisions = try await NoticeQueries.revisions(of: notice.id!, municipalityID: id, on: req.db) }
        var model = StaffNoticesPage.FormModel(notice: notice, input: input, note: note, areas: areas, departments: departments,
                                               revisions: revisions, saved: (try? req.query.get(String.self, at: "saved")) == "1")
        if let notice { model.attachments = try await NoticeAttachments.current(of: notice.id!, municipalityID: id, on: req.db) }
        if let notice {
            model.deliveries = try await MailOutbox.statusCountsByChannel(referencePrefix: "notices:notice:" + notice.id!.uuidString.lowercased(),
                                                                          municipalityID: id, on: req.db)
        }
        return StaffNoticesPage.form(model, problems: problems, context: req.pageContext())
            .response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    private func renderAreas(_ req: Request, input: AreaInput, problems: [FieldProblem]) async throws -> Response {
        let areas = try await NoticeAreas.all(municipalityID: req.municipality.requireID(), on: req.db)
        return StaffNoticesPage.areas(areas, input: input, problems: problems, context: req.pageContext())
            .response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }
}
