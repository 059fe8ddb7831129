import FluentKit
import MadoguchiCore
import Vapor

/// Loads the signed-in staff member of the session (`StaffSessionMiddleware`) and keeps them
/// inside their municipality. Without a live session, pages redirect to the sign-in form (and no
/// session is created); a staff member of another municipality gets 403 unless they are a system
/// administrator.
struct StaffAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let municipality = try request.municipality
        guard let session = request.staffSession,
              let staff = try await Staff.find(session.staffID, on: request.db), staff.active else {
            let login = "/\(municipality.code)/staff/login"
            return request.redirect(to: login)
        }
        guard Modules.accessPolicy.canAccess(municipality: municipality.id!.uuidString,
                                            staffMunicipality: staff.$municipality.id.uuidString, roles: staff.roles) else {
            throw WebError.forbidden
        }
        request.staff = staff
        return try await next.respond(to: request)
    }
}

/// Lets the request through only when the staff member's roles grant `permission`.
struct PermissionMiddleware: AsyncMiddleware {
    let permission: Permission

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let staff = try request.requireStaff()
        guard Modules.accessPolicy.allows(staff.roles, permission) else { throw WebError.forbidden }
        return try await next.respond(to: request)
    }
}
