import MadoguchiCore
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
        return PublicHomePage.render(municipality: municipality, today: CivilDate.today(), context: context).response()
    }
}
