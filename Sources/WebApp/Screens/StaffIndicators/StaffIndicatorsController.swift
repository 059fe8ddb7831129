import Indicators
import MadoguchiCore
import Vapor

/// `/{code}/staff/indicators`: every declared indicator with its 算式 and source, the values of a
/// fiscal year, the form that enters a value, and the recent changes (each can be reverted).
struct StaffIndicatorsController: RouteCollection {
    static let year = IntegerParameter("year", in: 1989...2100)

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "indicators", requiring: IndicatorsPermission.view, use: list)
        routes.on(.POST, "indicators", "values", requiring: IndicatorsPermission.enterValues, use: enter)
        routes.on(.POST, "indicators", "changes", ":change", "revert", requiring: IndicatorsPermission.enterValues, use: revert)
    }

    struct Input: Content {
        var indicator: String?
        var scope: String?
        var fiscal_year: String?
        var series: String?
        var value: String?
    }

    func list(req: Request) async throws -> Response {
        try await render(req, input: Input(), problem: nil, notice: req.query[String.self, at: "saved"] == "1"
                         ? LocalizedText(ja: "保存しました", en: "Saved") : nil)
    }

    func enter(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(Input.self)
        let entry = IndicatorValueEntry(registry: try req.madoguchi.indicatorRegistry, audit: req.madoguchi.audit)
        do {
            let change = try await entry.set(IndicatorValueInput(indicator: input.indicator ?? "", scope: input.scope ?? "",
                                                                 fiscalYear: input.fiscal_year ?? "", series: input.series ?? "",
                                                                 value: input.value ?? ""),
                                             municipalityID: municipality.requireID(), today: CivilDate.today(),
                                             by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/indicators?year=\(change.fiscalYear)&saved=1")
        } catch let error as IndicatorsError where error.kind == .invalidInput {
            return try await render(req, input: input, problem: error.problem, notice: nil)
        }
    }

    func revert(req: Request) async throws -> Response {
        let municipality = try req.municipality
        guard let id = req.parameters.get("change").flatMap(UUID.init(uuidString:)) else { throw IndicatorsError.changeNotFound }
        let entry = IndicatorValueEntry(registry: try req.madoguchi.indicatorRegistry, audit: req.madoguchi.audit)
        let change = try await entry.revert(changeID: id, municipalityID: municipality.requireID(),
                                            by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/indicators?year=\(change.fiscalYear)&saved=1")
    }

    private func render(_ req: Request, input: Input, problem: FieldProblem?, notice: LocalizedText?) async throws -> Response {
        let municipality = try req.municipality
        let municipalityID = try municipality.requireID()
        let registry = try req.madoguchi.indicatorRegistry
        let current = municipality.fiscalYear(containing: CivilDate.today())
        let year = try req.query(Self.year) ?? current.startYear
        let fiscalYear = FiscalYear(startYear: year, startMonth: municipality.fiscalYearStartMonth)
        let ids = registry.declarations.filter { !$0.perMeasure }.map(\.id)
        let liveFrom = municipality.fiscalYear(containing: municipality.createdAt.map { CivilDate.today(now: $0) } ?? CivilDate.today())
        let table = try await registry.table(ids, years: [year], municipalityID: municipalityID, liveFrom: liveFrom, current: current, on: req.db)
        let changes = try await IndicatorValueEntry(registry: registry, audit: req.madoguchi.audit)
            .recentChanges(municipalityID: municipalityID, on: req.db)
        let measures = try await MeasureDirectory.list(municipalityID: municipalityID, on: req.db)
        let model = StaffIndicatorsPage.Model(declarations: registry.declarations, fiscalYear: fiscalYear, table: table, changes: changes,
                                              measures: measures.map { ($0.code, $0.name) }, input: input, problem: problem,
                                              notice: notice, canEnter: Modules.accessPolicy.allows(try req.requireStaff().roles, IndicatorsPermission.enterValues))
        return StaffIndicatorsPage.render(model, context: req.pageContext())
            .response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}

extension MadoguchiServices {
    /// Every indicator the configured manifests declare.
    var indicatorRegistry: IndicatorRegistry { get throws { try IndicatorRegistry(manifests: manifests) } }
}
