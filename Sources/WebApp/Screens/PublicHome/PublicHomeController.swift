import MadoguchiCore
import Notices
import Plot
import Vapor

/// `/{code}/`: the municipality's public home page.
struct PublicHomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: show).publicRead()
    }

    func show(req: Request) async throws -> Response {
        let municipality = try req.municipality
        var context = req.pageContext()
        context.staffLinks = [.init(title: UIStrings.staffSignIn, href: "/\(municipality.code)/staff/login")]
        let notices = try await NoticeQueries.listed(municipalityID: municipality.requireID(), limit: 5, on: req.db)
        return PublicHomePage.render(municipality: municipality, today: CivilDate.today(), notices: notices, context: context).response()
    }
}
