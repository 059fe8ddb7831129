import MadoguchiCore
import Vapor

/// `/{code}/staff/sessions`: a staff member sees where they are signed in (sign-in time, last use)
/// and ends any other session, or all of them (a forgotten shared PC, a lost phone). Only their own
/// sessions are ever listed or ended; each ending is audited.
struct StaffSessionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "sessions", requiring: .manageOwnSessions, use: list)
        routes.on(.POST, "sessions", "others", "end", requiring: .manageOwnSessions, use: endOthers)
        routes.on(.POST, "sessions", ":session", "end", requiring: .manageOwnSessions, use: endOne)
    }

    func list(req: Request) async throws -> Response {
        try await render(req, notice: nil)
    }

    func endOne(req: Request) async throws -> Response {
        let staffID = try req.requireStaff().requireID()
        guard let id = req.parameters.get("session").flatMap(UUID.init(uuidString:)),
              try await req.staffSessions.end(sessionID: id, staffID: staffID, on: req.db) else { throw WebError.notFound }
        try await audit(req, staffID: staffID, count: 1)
        return try await render(req, notice: LocalizedText(ja: "ログインを終了しました", en: "The session was ended"))
    }

    func endOthers(req: Request) async throws -> Response {
        let staffID = try req.requireStaff().requireID()
        guard let current = req.staffSession else { throw WebError.forbidden }
        let count = try await req.staffSessions.endOthers(staffID: staffID, keeping: SessionToken.hash(current.token), on: req.db)
        try await audit(req, staffID: staffID, count: count)
        return try await render(req, notice: LocalizedText(ja: "ほかの\(count)件のログインを終了しました", en: "Ended \(count) other sessions"))
    }

    private func audit(_ req: Request, staffID: UUID, count: Int) async throws {
        try await req.madoguchi.audit.record(AuditEvent(municipalityID: try req.municipality.requireID(), actor: .staff(staffID),
                                                        action: "staff.session.end", targetType: "staff", targetID: staffID.uuidString,
                                                        details: ["count": String(count)], origin: req.origin), on: req.db)
    }

    private func render(_ req: Request, notice: LocalizedText?) async throws -> Response {
        let staffID = try req.requireStaff().requireID()
        let sessions = try await req.staffSessions.live(staffID: staffID, on: req.db)
        let current = req.staffSession.map { SessionToken.hash($0.token) }
        let context = req.pageContext()
        let rows = sessions.map { StaffSessionsPage.Row(id: $0.id?.uuidString.lowercased() ?? "", signedInAt: $0.createdAt,
                                                        lastSeenAt: $0.lastSeenAt, isCurrent: $0.tokenHash == current) }
        return StaffSessionsPage.render(rows: rows, notice: notice.map(context.t), context: context).response()
    }
}
