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

    /// The per-address limiter answers first; then every refusal (unknown name, wrong password,
    /// locked or deactivated account) is the same 401 page with the same text.
    func signIn(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(Credentials.self)
        let loginName = String((input.login_name ?? "").prefix(200))
        guard req.madoguchi.loginLimiter.allow(req.clientAddress ?? "unknown") else {
            throw WebError(.rateLimited, ja: "ログインの試行が多すぎます。1分ほど待ってからお試しください",
                           en: "Too many sign-in attempts; wait a minute and try again")
        }
        let result = try await req.madoguchi.staffAccounts.signIn(
            municipalityID: municipality.requireID(), loginName: loginName, password: input.password ?? "",
            origin: req.origin, on: req.db)
        switch result {
        case .success(let staff):
            try await req.startStaffSession(staffID: staff.requireID())
            return req.redirect(to: "/\(municipality.code)/staff")
        case .failure(.invalidCredentials):
            let minutes = Int(StaffAccounts.lockDuration / 60)
            let problem = FieldProblem(field: "login_name", message: LocalizedText(
                ja: "\(UIStrings.invalidCredentials.ja)。\(StaffAccounts.maximumFailedAttempts)回続けて失敗したアカウントは\(minutes)分間ロックされます",
                en: "\(UIStrings.invalidCredentials.en). An account is locked for \(minutes) minutes after \(StaffAccounts.maximumFailedAttempts) failed sign-ins in a row"))
            return StaffLoginPage.render(loginName: loginName, problem: problem, context: req.pageContext(forms: true))
                .response(status: .unauthorized)
        }
    }

    func signOut(req: Request) async throws -> Response {
        let municipality = try req.municipality
        if let id = req.staffSession?.staffID {
            try await req.madoguchi.audit.record(AuditEvent(municipalityID: municipality.id, actor: .staff(id),
                                                           action: "staff.logout", targetType: "staff",
                                                           targetID: id.uuidString, origin: req.origin), on: req.db)
        }
        try await req.endStaffSession()
        return req.redirect(to: "/\(municipality.code)/staff/login")
    }
}
