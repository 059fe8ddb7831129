import Forms
import Foundation
import MadoguchiCore
import Plot
import Vapor

/// `/{code}/staff/forms`: department staff edit their municipality's online forms.
///
/// - `GET  /staff/forms`: every form, with its version and whether it was edited here
/// - `GET  /staff/forms/{form}`: its definition (JSON) for editing
/// - `POST /staff/forms/{form}`: save (the form keeps its id and the whole catalogue must load; audited)
/// - `POST /staff/forms/{form}/revert`: back to the shipped definition (audited)
struct StaffFormsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "forms", requiring: FormsPermission.editForms, use: list)
        routes.on(.GET, "forms", ":form", requiring: FormsPermission.editForms, use: show)
        routes.on(.POST, "forms", ":form", requiring: FormsPermission.editForms, use: save)
        routes.on(.POST, "forms", ":form", "revert", requiring: FormsPermission.editForms, use: revert)
    }

    func list(req: Request) async throws -> Response {
        let edited = try await req.madoguchi.formEditor.overrides(municipalityID: req.municipality.requireID(), on: req.db)
        return StaffFormsPage.list(try await req.formCatalog().forms, edited: Set(edited.keys), context: req.pageContext()).response()
    }

    func show(req: Request) async throws -> Response {
        try await render(req, definition: nil, problems: [], notice: nil)
    }

    struct EditInput: Content { var definition: String? }

    func save(req: Request) async throws -> Response {
        let id = req.parameters.get("form") ?? ""
        let definition = try req.content.decode(EditInput.self).definition ?? ""
        do {
            try await req.madoguchi.formEditor.save(formID: id, definition: definition, municipalityID: req.municipality.requireID(),
                                                    by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch FormsError.invalid(let problems) {
            return try await render(req, definition: definition, problems: problems, notice: nil, status: .unprocessableEntity)
        } catch FormsReviewError.notFound {
            throw WebError.notFound
        }
        return try await render(req, definition: nil, problems: [], notice: LocalizedText(ja: "保存しました。", en: "Saved."))
    }

    func revert(req: Request) async throws -> Response {
        let id = req.parameters.get("form") ?? ""
        guard FormEditor.shippedTexts[id] != nil else { throw WebError.notFound }
        try await req.madoguchi.formEditor.revert(formID: id, municipalityID: req.municipality.requireID(),
                                                  by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        return try await render(req, definition: nil, problems: [], notice: LocalizedText(ja: "元の定義に戻しました。", en: "Reverted to the shipped definition."))
    }

    private func render(_ req: Request, definition: String?, problems: [FieldProblem], notice: LocalizedText?,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let id = req.parameters.get("form") ?? ""
        let municipalityID = try req.municipality.requireID()
        guard let form = try await req.formCatalog().form(id),
              let text = try await req.madoguchi.formEditor.text(formID: id, municipalityID: municipalityID, on: req.db) else { throw WebError.notFound }
        let edited = try await req.madoguchi.formEditor.overrides(municipalityID: municipalityID, on: req.db)[id] != nil
        return StaffFormsPage.edit(form: form, definition: definition ?? text, edited: edited, problems: problems, notice: notice,
                                   context: req.pageContext()).response(status: status)
    }
}
