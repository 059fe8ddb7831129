import Indicators
import MadoguchiCore
import Vapor

/// `/{code}/staff/programmes/{programme}?year=`: the 事務事業評価シート (seed 004) as a page
/// (printable on A4) and as CSV; defining and editing a 事務事業 is in `+Definition`.
struct StaffProgrammesController: RouteCollection {
    static let year = IntegerParameter("year", in: 1989...2100)

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "programmes", ":programme", requiring: IndicatorsPermission.view, use: sheet)
        routes.on(.GET, "programmes", ":programme", "sheet.csv", requiring: IndicatorsPermission.view, use: csv)
        bootDefinition(routes: routes)
    }

    func sheet(req: Request) async throws -> Response {
        ProgrammeSheetPage.render(try await build(req), canEdit: Modules.accessPolicy.allows(try req.requireStaff().roles, IndicatorsPermission.editMeasures),
                                  context: req.pageContext()).response()
    }

    func csv(req: Request) async throws -> Response {
        let sheet = try await build(req)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "programme-\(sheet.code)-\(sheet.fiscalYear.startYear).csv")
        return Response(status: .ok, headers: headers, body: .init(string: sheet.csv()))
    }

    private func build(_ req: Request) async throws -> ProgrammeSheet {
        let municipality = try req.municipality
        let year = try req.query(Self.year) ?? municipality.fiscalYear(containing: CivilDate.today()).startYear
        return try await ProgrammeSheet.build(programmeCode: req.parameters.get("programme") ?? "",
                                              fiscalYear: FiscalYear(startYear: year, startMonth: municipality.fiscalYearStartMonth),
                                              municipality: municipality, registry: try req.madoguchi.indicatorRegistry, on: req.db)
    }
}
