import MadoguchiCore
import Vapor

/// `/`: the municipalities this deployment serves, or straight to the only one.
struct RootController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: index).publicRead()
    }

    func index(req: Request) async throws -> Response {
        let all = try await req.madoguchi.municipalities.all(on: req.db)
        if all.count == 1, let only = all.first { return req.redirect(to: "/\(only.code)/") }
        return RootPage.render(municipalities: all, context: req.pageContext()).response()
    }
}
