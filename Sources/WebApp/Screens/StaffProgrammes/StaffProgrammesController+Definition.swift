import Indicators
import MadoguchiCore
import Vapor

/// `/{code}/staff/programmes/new`, `…/{programme}/edit` and `…/{programme}/history`: define a
/// 事務事業, edit it (refused when based on an older version), see its versions and restore one,
/// through `ProgrammeCommands`; a refusal re-shows the form as typed with the field named.
extension StaffProgrammesController {
    func bootDefinition(routes: any RoutesBuilder) {
        routes.on(.GET, "programmes", "new", requiring: IndicatorsPermission.editMeasures, use: newForm)
        routes.on(.POST, "programmes", requiring: IndicatorsPermission.editMeasures, use: create)
        routes.on(.GET, "programmes", ":programme", "edit", requiring: IndicatorsPermission.editMeasures, use: editForm)
        routes.on(.POST, "programmes", ":programme", "edit", requiring: IndicatorsPermission.editMeasures, use: update)
        routes.on(.GET, "programmes", ":programme", "history", requiring: IndicatorsPermission.view, use: history)
        routes.on(.POST, "programmes", ":programme", "history", ":version", "restore", requiring: IndicatorsPermission.editMeasures, use: restore)
    }

    /// The empty form; `?measure=` preselects the 施策 (from its edit page).
    func newForm(req: Request) async throws -> Response {
        let measure = req.query[String.self, at: "measure"].map { String($0.prefix(40)) } ?? ""
        return try await renderForm(req, code: nil, name: "", form: ProgrammeForm(values: ["measure": measure]), version: 0, problem: nil)
    }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let form = try Self.typed(req)
        do {
            let programme = try await commands(req).create(form, municipalityID: municipality.requireID(),
                                                           by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/programmes/\(programme.code)")
        } catch let error as IndicatorsError where error.kind == .invalidInput {
            return try await renderForm(req, code: nil, name: "", form: form, version: 0, problem: error.problem)
        }
    }

    func editForm(req: Request) async throws -> Response {
        let editing = try await ProgrammeDefinitions.editing(code: req.parameters.get("programme") ?? "",
                                                             municipalityID: req.municipality.requireID(), on: req.db)
        return try await renderForm(req, code: editing.form["code"], name: editing.name, form: editing.form, version: editing.version, problem: nil)
    }

    func update(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let editing = try await ProgrammeDefinitions.editing(code: req.parameters.get("programme") ?? "",
                                                             municipalityID: municipality.requireID(), on: req.db)
        let code = editing.form["code"]
        let form = try Self.typed(req)
        let version = try StaffMeasuresController.basedOn(req)
        do {
            try await commands(req).update(code: code, form, basedOn: version, municipalityID: municipality.requireID(),
                                           by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/programmes/\(code)")
        } catch let error as IndicatorsError where error.kind == .invalidInput || error.kind == .conflict {
            return try await renderForm(req, code: code, name: editing.name, form: form, version: version,
                                        problem: error.kind == .conflict ? FieldProblem(field: "version", message: error.message) : error.problem,
                                        status: error.kind == .conflict ? .conflict : .unprocessableEntity)
        }
    }

    func history(req: Request) async throws -> Response {
        try await renderHistory(req, problem: nil, status: .ok)
    }

    func restore(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let code = req.parameters.get("programme") ?? ""
        guard let version = req.parameters.get("version").flatMap({ $0.count <= 9 ? Int($0) : nil }) else { throw IndicatorsError.versionNotFound }
        do {
            try await commands(req).restore(code: code, version: version, basedOn: StaffMeasuresController.basedOn(req),
                                            municipalityID: municipality.requireID(), by: .staff(req.requireStaff().requireID()),
                                            origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/programmes/\(code)/history?restored=\(version)")
        } catch let error as IndicatorsError where error.kind == .invalidInput || error.kind == .conflict {
            return try await renderHistory(req, problem: FieldProblem(field: "v\(version)", message: error.message),
                                           status: error.kind == .conflict ? .conflict : .unprocessableEntity)
        }
    }

    private func renderHistory(_ req: Request, problem: FieldProblem?, status: HTTPResponseStatus) async throws -> Response {
        let code = req.parameters.get("programme") ?? ""
        let history = try await ProgrammeDefinitions.history(code: code, municipalityID: req.municipality.requireID(), on: req.db)
        return try await StaffMeasuresController.historyPage(
            req, title: (ja: "事務事業の変更履歴", en: "Programme history"), name: history.name,
            entries: history.versions.map { .init(summary: $0.summary, values: $0.form.values) }, fields: ProgrammeForm.fields,
            base: "/\(try req.municipality.code)/staff/programmes/\(code)", problem: problem, status: status)
    }

    private func renderForm(_ req: Request, code: String?, name: String, form: ProgrammeForm, version: Int, problem: FieldProblem?,
                            status: HTTPResponseStatus? = nil) async throws -> Response {
        let measures = try await MeasureDirectory.list(municipalityID: req.municipality.requireID(), on: req.db)
        let model = ProgrammeFormPage.Model(code: code, name: name, form: form, version: version, measures: measures.map { ($0.code, $0.name) },
                                            declarations: try req.madoguchi.indicatorRegistry.declarations, problem: problem)
        return ProgrammeFormPage.render(model, context: req.pageContext()).response(status: status ?? (problem == nil ? .ok : .unprocessableEntity))
    }

    private func commands(_ req: Request) throws -> ProgrammeCommands {
        ProgrammeCommands(registry: try req.madoguchi.indicatorRegistry, audit: req.madoguchi.audit)
    }

    static func typed(_ req: Request) throws -> ProgrammeForm {
        let sent = try req.content.decode([String: String].self)
        return ProgrammeForm(values: Dictionary(uniqueKeysWithValues: ProgrammeForm.fields.compactMap { f in sent[f.name].map { (f.name, $0) } }))
    }
}
