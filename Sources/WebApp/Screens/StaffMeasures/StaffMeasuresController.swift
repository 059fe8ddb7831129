import Indicators
import MadoguchiCore
import Vapor

/// `/{code}/staff/measures`: the 施策 and, per 施策 and fiscal year, its 施策マネジメントシート as a
/// page (printable on A4) and as CSV.
struct StaffMeasuresController: RouteCollection {
    static let year = IntegerParameter("year", in: 1989...2100)

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "measures", requiring: IndicatorsPermission.view, use: list)
        routes.on(.GET, "measures", ":measure", requiring: IndicatorsPermission.view, use: sheet)
        routes.on(.GET, "measures", ":measure", "sheet.csv", requiring: IndicatorsPermission.view, use: csv)
    }

    func list(req: Request) async throws -> Response {
        let municipalityID = try req.municipality.requireID()
        let measures = try await MeasureDirectory.list(municipalityID: municipalityID, on: req.db)
        let programmes = try await MeasureDirectory.programmes(municipalityID: municipalityID, on: req.db)
        return StaffMeasuresPage.render(measures: measures.map { ($0.code, $0.policyName, $0.name, $0.evaluatedYears) },
                                        programmes: programmes.map { ($0.code, $0.policyName, $0.name, $0.evaluatedYears) },
                                        context: req.pageContext()).response()
    }

    func sheet(req: Request) async throws -> Response {
        MeasureSheetPage.render(try await build(req), context: req.pageContext()).response()
    }

    func csv(req: Request) async throws -> Response {
        let sheet = try await build(req)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "measure-\(sheet.measure.code)-\(sheet.fiscalYear.startYear).csv")
        return Response(status: .ok, headers: headers, body: .init(string: sheet.csv()))
    }

    /// The sheet for `?year=` (default: the latest year evaluated, else the current fiscal year).
    private func build(_ req: Request) async throws -> MeasureSheet {
        let municipality = try req.municipality
        let code = req.parameters.get("measure") ?? ""
        let latest = try await MeasureDirectory.latestEvaluatedYear(code: code, municipalityID: municipality.requireID(), on: req.db)
        let year = try req.query(Self.year) ?? latest ?? municipality.fiscalYear(containing: CivilDate.today()).startYear
        return try await MeasureSheet.build(measureCode: code, fiscalYear: FiscalYear(startYear: year, startMonth: municipality.fiscalYearStartMonth),
                                            municipality: municipality, registry: try req.madoguchi.indicatorRegistry, on: req.db)
    }
}
