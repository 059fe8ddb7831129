import Forms
import MadoguchiCore
import Vapor

/// Corrections after a 補正依頼: reopening the form with the submitted values, and submitting the corrections.
extension FormsController {
    /// Reopens the form with the application's values, after checking the receipt number and secret.
    func startCorrection(req: Request) async throws -> Response {
        let form = try await find(req)
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

    /// `go=submit` while correcting: the corrected values replace the application's (`FormSubmissions.correct`),
    /// after the receipt number and secret carried in the form are checked again.
    func submitCorrection(_ req: Request, _ input: FormStepInput, correction: FormsPage.Correction) async throws -> Response {
        let form = input.form, values = input.values
        let submissions = req.madoguchi.formSubmissions
        guard let application = try await submissions.status(receiptNumber: correction.receiptNumber, secret: correction.secret,
                                                              municipalityID: req.municipality.requireID(), on: req.db) else {
            return try await statusPage(req, application: nil, secret: "", problem: Self.wrongNumbers, status: .unprocessableEntity)
        }
        do {
            try await submissions.correct(application, form: form, values: values, today: .today(), origin: req.origin, on: req.db)
            return FormsPage.corrected(receiptNumber: application.receiptNumber, context: req.pageContext()).response()
        } catch FormsError.invalid(let problems) {
            let first = Self.firstStep(of: form, with: problems)
            return FormsPage.step(input.model(first, nil, problems), context: req.pageContext(forms: true)).response(status: .unprocessableEntity)
        } catch FormsError.notCorrectable {
            return try await statusPage(req, application: application, secret: correction.secret,
                                        problem: FieldProblem(field: "receipt_number", message: FormsError.notCorrectable.message), status: .conflict)
        }
    }
}
