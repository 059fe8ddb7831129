import Audit
import FluentKit
import MadoguchiCore
import Vapor

/// `/{code}/staff`: the staff dashboard.
struct StaffDashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, requiring: .viewDashboard, use: show)
    }

    func show(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let staff = try req.requireStaff()
        let id = try municipality.requireID()
        let figures = StaffDashboardPage.Figures(
            staffCount: try await Staff.query(on: req.db).filter(\.$municipality.$id == id).count(),
            departmentCount: try await Department.query(on: req.db).filter(\.$municipality.$id == id).count(),
            auditEntryCount: try await AuditEntry.query(on: req.db).filter(\.$municipalityID == id).count())
        return StaffDashboardPage.render(municipality: municipality, staff: staff, figures: figures,
                                         today: CivilDate.today(), context: req.pageContext()).response()
    }
}
