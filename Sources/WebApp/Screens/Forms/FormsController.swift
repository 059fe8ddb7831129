import FluentKit
import Forms
import Foundation
import MadoguchiCore
import Plot
import Vapor

/// `/{code}/forms`: online applications (電子申請), step by step without JavaScript.
///
/// - `GET  /forms`: the forms available online
/// - `GET  /forms/{form}`: the first step; `POST /forms/{form}`: every further step, the 確認画面 and
///   the submission. Values travel in the page until submitted (nothing is stored before), the
///   submission is idempotent (a key issued with the first step), and the 受付番号 plus a secret are
///   shown once.
/// - `GET /forms/status`, `POST /forms/status`: the status, reached with the receipt number and the secret.
struct FormsController: RouteCollection {
    static let valuePrefix = "v."

    func boot(routes: any RoutesBuilder) throws {
        let forms = routes.grouped("forms").grouped(CSRFMiddleware())
        forms.get(use: index)
        forms.get("status", use: statusForm)
        forms.post("status", use: status)
        forms.get(":form", use: start)
        forms.post(":form", use: step)
    }

    func index(req: Request) async throws -> Response {
        FormsPage.index(try req.madoguchi.forms().forms, context: req.pageContext()).response()
    }

    func start(req: Request) async throws -> Response {
        let form = try find(req)
        let key = UUID().uuidString.lowercased()
        return FormsPage.step(.init(form: form, stepIndex: 0, values: [:], problems: [], idempotencyKey: key), context: req.pageContext(forms: true)).response()
    }

    func step(req: Request) async throws -> Response {
        let form = try find(req)
        let fields = try req.content.decode([String: String].self)
        let today = CivilDate.today()
        let key = String((fields["idempotency_key"] ?? "").prefix(64))
        var values: [String: String] = [:]
        for (name, value) in fields where name.hasPrefix(Self.valuePrefix) {
            let id = String(name.dropFirst(Self.valuePrefix.count))
            if form.field(id) != nil { values[id] = String(value.prefix(2000)) }
        }
        let index = max(0, min(Int(fields["step"] ?? "0") ?? 0, form.steps.count))
        let context = req.pageContext(forms: true)
        switch fields["go"] ?? "next" {
        case "back":
            return FormsPage.step(.init(form: form, stepIndex: max(0, index - 1), values: values, problems: [], idempotencyKey: key), context: context).response()
        case "submit":
            do {
                let receipt = try await req.madoguchi.formSubmissions.submit(form, values: values, idempotencyKey: key,
                                                                             municipalityID: req.municipality.requireID(), today: today,
                                                                             actor: .resident, origin: req.origin, on: req.db)
                return FormsPage.receipt(receipt, form: form, context: req.pageContext()).response()
            } catch FormsError.invalid(let problems) {
                let first = form.steps.firstIndex { step in step.fields.contains { f in problems.contains { $0.field == f.id } } } ?? 0
                return FormsPage.step(.init(form: form, stepIndex: first, values: values, problems: problems, idempotencyKey: key),
                                      context: context).response(status: .unprocessableEntity)
            }
        default:
            guard index < form.steps.count else {
                return FormsPage.confirm(.init(form: form, stepIndex: index, values: values, problems: [], idempotencyKey: key), context: context).response()
            }
            let outcome = FormStepValidator.validate(form.steps[index], input: values, earlier: values, today: today)
            guard outcome.problems.isEmpty else {
                return FormsPage.step(.init(form: form, stepIndex: index, values: values, problems: outcome.problems, idempotencyKey: key),
                                      context: context).response(status: .unprocessableEntity)
            }
            let merged = values.merging(outcome.values) { _, normalized in normalized }
            if index + 1 < form.steps.count {
                return FormsPage.step(.init(form: form, stepIndex: index + 1, values: merged, problems: [], idempotencyKey: key), context: context).response()
            }
            return FormsPage.confirm(.init(form: form, stepIndex: form.steps.count, values: merged, problems: [], idempotencyKey: key), context: context).response()
        }
    }

    func statusForm(req: Request) async throws -> Response {
        FormsPage.status(application: nil, problem: nil, context: req.pageContext(forms: true)).response()
    }

    struct StatusInput: Content { var receipt_number: String?; var secret: String? }

    func status(req: Request) async throws -> Response {
        let input = try req.content.decode(StatusInput.self)
        let application = try await req.madoguchi.formSubmissions.status(
            receiptNumber: (input.receipt_number ?? "").trimmingCharacters(in: .whitespaces), secret: (input.secret ?? "").trimmingCharacters(in: .whitespaces),
            municipalityID: req.municipality.requireID(), on: req.db)
        guard let application else {
            return FormsPage.status(application: nil, problem: FieldProblem(field: "receipt_number", message: LocalizedText(
                ja: "「受付番号」または「確認用の番号」が違います。", en: "The receipt number or the secret is wrong.")),
                                    context: req.pageContext(forms: true)).response(status: .unprocessableEntity)
        }
        return FormsPage.status(application: application, problem: nil, context: req.pageContext(forms: true)).response()
    }

    private func find(_ req: Request) throws -> FormDefinition {
        _ = try req.municipality
        guard let form = try req.madoguchi.forms().form(req.parameters.get("form") ?? "") else { throw WebError.notFound }
        return form
    }
}
