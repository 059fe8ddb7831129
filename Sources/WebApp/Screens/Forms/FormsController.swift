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
/// - `GET /forms/status`, `POST /forms/status`: the status, reached with the receipt number and the secret;
///   after a 補正依頼 it shows the staff note and offers to reopen the form.
/// - `POST /forms/{form}/correct`: reopens the form with the submitted values (receipt number and secret
///   in the body); its submit corrects the application instead of filing a new one.
struct FormsController: RouteCollection {
    static let valuePrefix = "v."

    func boot(routes: any RoutesBuilder) throws {
        let forms = routes.grouped("forms").grouped(CSRFMiddleware())
        forms.get(use: index)
        forms.get("status", use: statusForm)
        forms.post("status", use: status)
        forms.get(":form", use: start)
        forms.post(":form", use: step)
        forms.post(":form", "correct", use: startCorrection)
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
        let correction = fields["correction_receipt"].flatMap { receipt in
            fields["correction_secret"].map { FormsPage.Correction(receiptNumber: String(receipt.prefix(32)), secret: String($0.prefix(64))) }
        }
        func model(_ step: Int, _ values: [String: String], _ problems: [FieldProblem]) -> FormsPage.Model {
            FormsPage.Model(form: form, stepIndex: step, values: values, problems: problems, idempotencyKey: key, correction: correction)
        }
        switch fields["go"] ?? "next" {
        case "back":
            return FormsPage.step(model(max(0, index - 1), values, []), context: context).response()
        case "submit" where correction != nil:
            return try await submitCorrection(req, form: form, correction: correction!, values: values, model: model)
        case "submit":
            do {
                let receipt = try await req.madoguchi.formSubmissions.submit(form, values: values, idempotencyKey: key,
                                                                             municipalityID: req.municipality.requireID(), today: today,
                                                                             actor: .resident, origin: req.origin, on: req.db)
                return FormsPage.receipt(receipt, form: form, context: req.pageContext()).response()
            } catch FormsError.invalid(let problems) {
                let first = form.steps.firstIndex { step in step.fields.contains { f in problems.contains { $0.field == f.id } } } ?? 0
                return FormsPage.step(model(first, values, problems), context: context).response(status: .unprocessableEntity)
            }
        default:
            guard index < form.steps.count else {
                return FormsPage.confirm(model(index, values, []), context: context).response()
            }
            let outcome = FormStepValidator.validate(form.steps[index], input: values, earlier: values, today: today)
            guard outcome.problems.isEmpty else {
                return FormsPage.step(model(index, values, outcome.problems), context: context).response(status: .unprocessableEntity)
            }
            let merged = values.merging(outcome.values) { _, normalized in normalized }
            if index + 1 < form.steps.count {
                return FormsPage.step(model(index + 1, merged, []), context: context).response()
            }
            return FormsPage.confirm(model(form.steps.count, merged, []), context: context).response()
        }
    }

    /// Reopens the form with the application's values, after checking the receipt number and secret.
    func startCorrection(req: Request) async throws -> Response {
        let form = try find(req)
        let input = try req.content.decode(StatusInput.self)
        let correction = FormsPage.Correction(receiptNumber: (input.receipt_number ?? "").trimmingCharacters(in: .whitespaces),
                                              secret: (input.secret ?? "").trimmingCharacters(in: .whitespaces))
        guard let application = try await req.madoguchi.formSubmissions.status(
            receiptNumber: correction.receiptNumber, secret: correction.secret, municipalityID: req.municipality.requireID(), on: req.db),
              application.formID == form.id else {
            return try await statusPage(req, application: nil, secret: "", problem: Self.wrongNumbers, status: .unprocessableEntity)
        }
        guard application.status == ApplicationStatus.correctionRequested.rawValue else {
            return try await statusPage(req, application: application, secret: correction.secret,
                                        problem: FieldProblem(field: "receipt_number", message: FormsError.notCorrectable.message), status: .conflict)
        }
        let values = try req.madoguchi.formSubmissions.values(of: application)
        return FormsPage.step(.init(form: form, stepIndex: 0, values: values, problems: [], idempotencyKey: application.idempotencyKey,
                                    correction: correction), context: req.pageContext(forms: true)).response()
    }

    private func submitCorrection(_ req: Request, form: FormDefinition, correction: FormsPage.Correction, values: [String: String],
                                  model: (Int, [String: String], [FieldProblem]) -> FormsPage.Model) async throws -> Response {
        let submissions = req.madoguchi.formSubmissions
        guard let application = try await submissions.status(receiptNumber: correction.receiptNumber, secret: correction.secret,
                                                              municipalityID: req.municipality.requireID(), on: req.db) else {
            return try await statusPage(req, application: nil, secret: "", problem: Self.wrongNumbers, status: .unprocessableEntity)
        }
        do {
            try await submissions.correct(application, form: form, values: values, today: .today(), origin: req.origin, on: req.db)
            return FormsPage.corrected(receiptNumber: application.receiptNumber, context: req.pageContext()).response()
        } catch FormsError.invalid(let problems) {
            let first = form.steps.firstIndex { step in step.fields.contains { f in problems.contains { $0.field == f.id } } } ?? 0
            return FormsPage.step(model(first, values, problems), context: req.pageContext(forms: true)).response(status: .unprocessableEntity)
        } catch FormsError.notCorrectable {
            return try await statusPage(req, application: application, secret: correction.secret,
                                        problem: FieldProblem(field: "receipt_number", message: FormsError.notCorrectable.message), status: .conflict)
        }
    }

    func statusForm(req: Request) async throws -> Response {
        FormsPage.status(nil, problem: nil, context: req.pageContext(forms: true)).response()
    }

    struct StatusInput: Content { var receipt_number: String?; var secret: String? }

    static let wrongNumbers = FieldProblem(field: "receipt_number", message: LocalizedText(
        ja: "「受付番号」または「確認用の番号」が違います。", en: "The receipt number or the secret is wrong."))

    func status(req: Request) async throws -> Response {
        let input = try req.content.decode(StatusInput.self)
        let secret = (input.secret ?? "").trimmingCharacters(in: .whitespaces)
        let application = try await req.madoguchi.formSubmissions.status(
            receiptNumber: (input.receipt_number ?? "").trimmingCharacters(in: .whitespaces), secret: secret,
            municipalityID: req.municipality.requireID(), on: req.db)
        guard let application else {
            return try await statusPage(req, application: nil, secret: "", problem: Self.wrongNumbers, status: .unprocessableEntity)
        }
        return try await statusPage(req, application: application, secret: secret, problem: nil, status: .ok)
    }

    /// The status page; for 補正依頼 and 却下 it shows the staff member's latest note.
    private func statusPage(_ req: Request, application: FormApplication?, secret: String, problem: FieldProblem?,
                            status: HTTPResponseStatus) async throws -> Response {
        var model: FormsPage.StatusModel?
        if let application {
            let current = ApplicationStatus(rawValue: application.status)
            var comment: String?
            if current == .correctionRequested || current == .rejected {
                let history = try await ApplicationReview(submissions: req.madoguchi.formSubmissions, audit: req.madoguchi.audit)
                    .history(of: application, on: req.db)
                comment = history.last { !$0.byApplicant && !$0.comment.isEmpty }?.comment
            }
            model = FormsPage.StatusModel(application: application, comment: comment,
                                          correction: current == .correctionRequested
                                              ? FormsPage.Correction(receiptNumber: application.receiptNumber, secret: secret) : nil)
        }
        return FormsPage.status(model, problem: problem, context: req.pageContext(forms: true)).response(status: status)
    }

    private func find(_ req: Request) throws -> FormDefinition {
        _ = try req.municipality
        guard let form = try req.madoguchi.forms().form(req.parameters.get("form") ?? "") else { throw WebError.notFound }
        return form
    }
}
