import Forms
import Vapor

extension FormsController {
    /// `go=save`: asks for the address to mail a resume link to (nothing is stored yet).
    func save(_ req: Request, _ input: FormStepInput) -> Response {
        FormsPage.emailForm(form: input.form, purpose: .resume, model: input.model(min(input.stepIndex, input.form.steps.count - 1)),
                            problem: nil, context: req.pageContext(forms: true)).response()
    }

    /// `go=save_send` / `go=verify_send`: stores the draft and queues the mail with its link
    /// (`FormDrafts.save`); a confirmation keeps the address it was sent to in the form's e-mail field.
    func sendLink(_ req: Request, _ input: FormStepInput, purpose: FormDrafts.Purpose) async throws -> Response {
        let form = input.form, context = req.pageContext(forms: true)
        let email = (input.fields["save_email"] ?? "").trimmingCharacters(in: .whitespaces)
        var kept = input.values
        if purpose == .verify, let field = form.fields.first(where: { $0.type == .email }) { kept[field.id] = email }
        do {
            try await req.madoguchi.formDrafts.save(form, values: kept, step: purpose == .verify ? 0 : min(input.stepIndex, form.steps.count - 1),
                                                    email: email, purpose: purpose, municipalityID: req.municipality.requireID(),
                                                    links: try req.mailLinks(), on: req.db)
        } catch FormsError.invalid(let problems) {
            return FormsPage.emailForm(form: form, purpose: purpose, model: input.model(input.stepIndex),
                                       problem: problems.first, context: context).response(status: .unprocessableEntity)
        }
        return FormsPage.mailSent(form: form, purpose: purpose, context: context).response()
    }
}
