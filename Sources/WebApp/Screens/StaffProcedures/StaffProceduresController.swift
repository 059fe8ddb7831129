import Counter
import Foundation
import MadoguchiCore
import Plot
import Vapor

/// `/{code}/staff/procedures`: the procedure inventory (手続の棚卸し).
///
/// - `GET  /staff/procedures`: every procedure with its counter, deadline, channels and when it was last verified
/// - `GET  /staff/procedures/{procedure}`: one procedure, and its definition for editing
/// - `POST /staff/procedures/{procedure}`: save an edit (validated with the whole rule set; audited)
/// - `POST /staff/procedures/{procedure}/revert`: back to the shipped definition (audited)
struct StaffProceduresController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "procedures", requiring: CounterPermission.viewInventory, use: list)
        routes.on(.GET, "procedures", ":procedure", requiring: CounterPermission.viewInventory, use: show)
        routes.on(.POST, "procedures", ":procedure", requiring: CounterPermission.editInventory, use: save)
        routes.on(.POST, "procedures", ":procedure", "revert", requiring: CounterPermission.editInventory, use: revert)
    }

    func list(req: Request) async throws -> Response {
        let catalog = try await req.lifeEventCatalog()
        let edited = try await req.madoguchi.procedureInventory.overrides(municipalityID: req.municipality.requireID(), on: req.db)
        return StaffProceduresPage.list(catalog: catalog, edited: Set(edited.keys), context: req.pageContext()).response()
    }

    func show(req: Request) async throws -> Response {
        try await render(req, definition: nil, problems: [], notice: nil)
    }

    struct EditInput: Content { var definition: String? }

    func save(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let id = req.parameters.get("procedure") ?? ""
        let definition = try req.content.decode(EditInput.self).definition ?? ""
        do {
            try await req.madoguchi.procedureInventory.save(procedureID: id, definition: definition, municipalityID: municipality.requireID(),
                                                           by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as CounterError where error.kind != .notFound {
            return try await render(req, definition: definition, problems: error.problems.isEmpty
                                    ? [FieldProblem(field: "definition", message: error.message)] : error.problems, notice: nil)
        }
        return try await render(req, definition: nil, problems: [], notice: LocalizedText(ja: "保存しました。", en: "Saved."))
    }

    func revert(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let id = req.parameters.get("procedure") ?? ""
        try await req.madoguchi.procedureInventory.revert(procedureID: id, municipalityID: municipality.requireID(),
                                                         by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/procedures/\(id)")
    }

    private func render(_ req: Request, definition: String?, problems: [FieldProblem], notice: LocalizedText?) async throws -> Response {
        let id = req.parameters.get("procedure") ?? ""
        let catalog = try await req.lifeEventCatalog()
        guard let procedure = catalog.procedure(id) else { throw WebError.notFound }
        let edits = try await req.madoguchi.procedureInventory.overrides(municipalityID: req.municipality.requireID(), on: req.db)
        let canEdit = req.staff.map { Modules.accessPolicy.allows($0.roles, CounterPermission.editInventory) } ?? false
        let model = StaffProceduresPage.Detail(procedure: procedure, counter: catalog.counter(procedure.counter),
                                               definition: definition ?? edits[id]?.definition ?? Self.prettyJSON(procedure),
                                               edited: edits[id] != nil, canEdit: canEdit, problems: problems, notice: notice)
        return StaffProceduresPage.detail(model, context: req.pageContext()).response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The shipped definition as editable JSON (keys sorted, indented).
    static func prettyJSON(_ procedure: Procedure) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(procedure), as: UTF8.self)) ?? "{}"
    }
}
