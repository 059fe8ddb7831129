import MadoguchiCore
import Vapor

/// `/{code}/staff/login` (GET form, POST sign-in) and `/{code}/staff/logout` (POST).
struct StaffLoginController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: form)
        routes.post("login", use: signIn)
        routes.post("logout", use: signOut)
    }

    struct Credentials: Content {
        var login_name: String?
        var password: String?
    }

    func form(req: Request) async throws -> Response {
        StaffLoginPage.render(loginName: "", problem: nil, context: req.pageContext(forms: true)).response()
    }

    func signIn(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(Credentials.self)
        let loginName = input.login_name ?? ""
        let context = req.pageContext(forms: true)
        guard req.madoguchi.loginLimiter.allow(req.remoteAddress?.ipAddress ?? "unknown") else {
            throw WebError(.rateLimited, ja: "ログインの試行が多すぎます。1分ほど待ってからお試しください",
                           en: "Too many sign-in attempts; wait a minute and try again")
        }
        let result = try await req.madoguchi.staffAccounts.signIn(
            municipalityID: municipality.requireID(), loginName: loginName, password: input.password ?? "",
            origin: req.origin, on: req.db)
        switch result {
        case .success(let staff):
            try await rotateSession(req)
            req.session.data[StaffAuthMiddleware.sessionKey] = staff.id!.uuidString
            req.session.data[CSRFMiddleware.sessionKey] = nil
            return req.redirect(to: "/\(municipality.code)/staff")
        case .failure(.invalidCredentials):
            let problem = FieldProblem(field: "login_name", message: UIStrings.invalidCredentials)
            return StaffLoginPage.render(loginName: loginName, problem: problem, context: context).response(status: .unauthorized)
        case .failure(.locked):
            let minutes = Int(StaffAccounts.lockDuration / 60)
            let problem = FieldProblem(field: "login_name", message: LocalizedText(
                ja: "ログインに続けて失敗したため、このアカウントは\(minutes)分間ロックされています",
                en: "This account is locked for \(minutes) minutes after repeated failed sign-ins"))
            return StaffLoginPage.render(loginName: loginName, problem: problem, context: context).response(status: .forbidden)
        }
    }

    func signOut(req: Request) async throws -> Response {
        let municipality = try req.municipality
        if let id = req.session.data[StaffAuthMiddleware.sessionKey].flatMap(UUID.init(uuidString:)) {
            try await req.madoguchi.audit.record(AuditEvent(municipalityID: municipality.id, actor: .staff(id),
                                                           action: "staff.logout", targetType: "staff",
                                                           targetID: id.uuidString, origin: req.origin), on: req.db)
        }
        req.session.destroy()
        return req.redirect(to: "/\(municipality.code)/staff/login")
    }

    /// A new session id after sign-in, so a session id planted before sign-in is worthless.
    private func rotateSession(_ req: Request) async throws {
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
    }
}
