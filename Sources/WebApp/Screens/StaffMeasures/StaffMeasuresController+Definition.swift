import Indicators
import MadoguchiCore
import Vapor

/// `/{code}/staff/measures/new`, `…/{measure}/edit` and `…/{measure}/history`: define a 施策, edit it
/// (refused when based on an older version), see its versions and restore one. Every check and
/// write is `MeasureCommands`'; a refusal re-shows the form as typed with the field named.
extension StaffMeasuresController {
    func bootDefinition(routes: any RoutesBuilder) {
        routes.on(.GET, "measures", "new", requiring: IndicatorsPermission.editMeasures, use: newForm)
        routes.on(.POST, "measures", requiring: IndicatorsPermission.editMeasures, use: create)
        routes.on(.GET, "measures", ":measure", "edit", requiring: IndicatorsPermission.editMeasures, use: editForm)
        routes.on(.POST, "measures", ":measure", "edit", requiring: IndicatorsPermission.editMeasures, use: update)
        routes.on(.GET, "measures", ":measure", "history", requiring: IndicatorsPermission.view, use: history)
        routes.on(.POST, "measures", ":measure", "history", ":version", "restore", requiring: IndicatorsPermission.editMeasures, use: restore)
    }

    func newForm(req: Request) async throws -> Response {
        try renderForm(req, code: nil, name: "", form: MeasureForm(), version: 0, programmes: [], problem: nil)
    }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let form = try Self.typed(req)
        do {
            let measure = try await commands(req).create(form, municipalityID: municipality.requireID(), by: .staff(req.requireStaff().requireID()),
                                                         origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/measures/\(measure.code)")
        } catch let error as IndicatorsError where error.kind == .invalidInput {
            return try renderForm(req, code: nil, name: "", form: form, version: 0, programmes: [], problem: error.problem)
        }
    }

    func editForm(req: Request) async throws -> Response {
        let editing = try await MeasureDefinitions.editing(code: req.parameters.get("measure") ?? "", municipalityID: req.municipality.requireID(),
                                                           on: req.db)
        return try renderForm(req, code: editing.form["code"], name: editing.name, form: editing.form, version: editing.version,
                              programmes: editing.programmes, problem: nil)
    }

    /// Saves the edit if `version` is still the current one; otherwise (409) the form comes back as typed, so nothing typed is lost.
    func update(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let editing = try await MeasureDefinitions.editing(code: req.parameters.get("measure") ?? "", municipalityID: municipality.requireID(),
                                                           on: req.db)
        let code = editing.form["code"]
        let form = try Self.typed(req)
        let version = try Self.basedOn(req)
        do {
            try await commands(req).update(code: code, form, basedOn: version, municipalityID: municipality.requireID(),
                                           by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/measures/\(code)")
        } catch let error as IndicatorsError where error.kind == .invalidInput || error.kind == .conflict {
            return try renderForm(req, code: code, name: editing.name, form: form, version: version, programmes: editing.programmes,
                                  problem: error.kind == .conflict ? FieldProblem(field: "version", message: error.message) : error.problem,
                                  status: error.kind == .conflict ? .conflict : .unprocessableEntity)
        }
    }

    func history(req: Request) async throws -> Response {
        try await renderHistory(req, problem: nil, status: .ok)
    }

    func restore(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let code = req.parameters.get("measure") ?? ""
        guard let version = req.parameters.get("version").flatMap({ $0.count <= 9 ? Int($0) : nil }) else { throw IndicatorsError.versionNotFound }
        do {
            try await commands(req).restore(code: code, version: version, basedOn: Self.basedOn(req), municipalityID: municipality.requireID(),
                                            by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/measures/\(code)/history?restored=\(version)")
        } catch let error as IndicatorsError where error.kind == .invalidInput || error.kind == .conflict {
            return try await renderHistory(req, problem: FieldProblem(field: "v\(version)", message: error.message),
                                           status: error.kind == .conflict ? .conflict : .unprocessableEntity)
        }
    }

    private func renderHistory(_ req: Request, problem: FieldProblem?, status: HTTPResponseStatus) async throws -> Response {
        let code = req.parameters.get("measure") ?? ""
        let history = try await MeasureDefinitions.history(code: code, municipalityID: req.municipality.requireID(), on: req.db)
        return try await StaffMeasuresController.historyPage(
            req, title: (ja: "施策の変更履歴", en: "Measure history"), name: history.name,
            entries: history.versions.map { .init(summary: $0.summary, values: $0.form.values) }, fields: MeasureForm.fields,
            base: "/\(try req.municipality.code)/staff/measures/\(code)", problem: problem, status: status)
    }

    /// The history page of a 施策 or 事務事業 whose page is at `base`: its versions newest first with who
    /// made each, the notice of a version just restored (`?restored=`), and the edit link and restore
    /// buttons for those who may edit.
    static func historyPage(_ req: Request, title: (ja: String, en: String), name: String, entries: [DefinitionViews.HistoryEntry],
                            fields: [(name: String, label: LocalizedText)], base: String, problem: FieldProblem?,
                            status: HTTPResponseStatus) async throws -> Response {
        let names = try await req.madoguchi.staffDirectory.displayNames(of: Set(entries.compactMap(\.summary.changedBy)), on: req.db)
        let canEdit = Modules.accessPolicy.allows(try req.requireStaff().roles, IndicatorsPermission.editMeasures)
        let l = req.pageContext().language
        let restored = req.query[String.self, at: "restored"].flatMap { $0.count <= 9 ? Int($0) : nil }
        return DefinitionViews.history(
            title: (l == .ja ? title.ja : title.en) + "（\(name)）", entries: entries, fields: fields,
            current: entries.first?.summary.version ?? 0, restoreBase: "\(base)/history", editHref: canEdit ? "\(base)/edit" : nil,
            names: names, indicators: try req.madoguchi.indicatorRegistry.declarations,
            notice: restored.map { l == .ja ? "第\($0)版の内容に戻しました" : "Version \($0) was restored" }, problem: problem,
            context: req.pageContext()).response(status: status)
    }

    private func renderForm(_ req: Request, code: String?, name: String, form: MeasureForm, version: Int,
                            programmes: [(code: String, name: String)], problem: FieldProblem?,
                            status: HTTPResponseStatus? = nil) throws -> Response {
        let model = MeasureFormPage.Model(code: code, name: name, form: form, version: version, programmes: programmes,
                                          declarations: try req.madoguchi.indicatorRegistry.declarations, problem: problem)
        return MeasureFormPage.render(model, context: req.pageContext()).response(status: status ?? (problem == nil ? .ok : .unprocessableEntity))
    }

    private func commands(_ req: Request) throws -> MeasureCommands {
        MeasureCommands(registry: try req.madoguchi.indicatorRegistry, audit: req.madoguchi.audit)
    }

    /// The form's fields as typed (anything else sent is ignored).
    static func typed(_ req: Request) throws -> MeasureForm {
        let sent = try req.content.decode([String: String].self)
        return MeasureForm(values: Dictionary(uniqueKeysWithValues: MeasureForm.fields.compactMap { f in sent[f.name].map { (f.name, $0) } }))
    }

    /// The version an edit or restore is based on; a missing or malformed one is refused as stale.
    static func basedOn(_ req: Request) throws -> Int {
        guard let text = try? req.content.get(String.self, at: "version"), text.count <= 9, let version = Int(text), version >= 0 else {
            throw IndicatorsError.staleVersion
        }
        return version
    }
}
