import Indicators
import MadoguchiCore
import Surveys
import Vapor

/// `/{code}/results`: 「市の取組の成果」, every indicator with values as a chart and a table, the
/// closed resident surveys' results (breakdowns with small cells suppressed), and
/// `/{code}/results.csv`, the indicator table (one row per indicator and fiscal year) for reuse.
struct ResultsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("results", use: page).publicRead()
        routes.get("results.csv", use: csv).publicRead()
    }

    func page(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let history = try await IndicatorHistory.load(registry: req.madoguchi.indicatorRegistry, municipality: municipality, on: req.db)
        let surveys = try await SurveyResults.published(municipalityID: municipality.requireID(), on: req.db)
        let open = try await SurveyQueries.open(municipalityID: municipality.requireID(), on: req.db)
        return ResultsPage.render(history, surveys: surveys, openSurveys: open, context: req.pageContext()).response()
    }

    func csv(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let history = try await IndicatorHistory.load(registry: req.madoguchi.indicatorRegistry, municipality: municipality, on: req.db)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "indicators-\(municipality.code).csv")
        return Response(status: .ok, headers: headers, body: .init(string: history.csv()))
    }
}
