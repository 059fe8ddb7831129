import Indicators
import MadoguchiCore
import Vapor

/// `/{code}/staff/trends`: the staff trend dashboard — every indicator with values as the same
/// server-rendered chart and table the public results page draws (`TrendChart`), with n for the
/// survey's figures and links to the values and the sheets.
struct StaffTrendsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "trends", requiring: IndicatorsPermission.view, use: show)
    }

    func show(req: Request) async throws -> Response {
        let history = try await IndicatorHistory.load(registry: req.madoguchi.indicatorRegistry, municipality: req.municipality, on: req.db)
        return StaffTrendsPage.render(history, context: req.pageContext()).response()
    }
}
