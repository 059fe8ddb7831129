import Audit
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
            staffCount: try await req.madoguchi.staffDirectory.count(of: id, on: req.db),
            departmentCount: try await req.madoguchi.departments.count(of: id, on: req.db),
            auditEntryCount: try await AuditFilter(municipalityID: id).count(on: req.db))
        return StaffDashboardPage.render(municipality: municipality, staff: staff, figures: figures,
                                         today: CivilDate.today(), context: req.pageContext()).response()
    }
}
