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
/// - Saving part-way (`go=save`, then `go=save_send`) mails a link to resume; forms of identity level
///   `verified_email` start by mailing a confirmation link (`go=verify_send`). `GET /forms/resume/{token}`
///   opens either (the token is a random capability, not personal data; only its hash is stored).
/// - `POST /forms/{form}/prefill`: from the navigator's checklist (the event date) or the assisted
///   counter's (also the basic four items): what is already known fills the fields that declare it
///   (`"prefill": "event_date"`, `"resident.name"`…), once-only.
/// - `POST /forms/{form}/correct`: reopens the form with the submitted values (receipt number and secret
///   in the body); its submit corrects the application instead of filing a new one.
struct FormsController: RouteCollection {
    static let valuePrefix = "v."
    /// A file field's upload part is `f.<field id>`.
    static let filePrefix = "f."
    /// 20 MiB (the largest file a form may accept, see `FormCatalog`) plus 1 MiB for the other fields.
    static let maxStepBytes = 21 * 1024 * 1024

    func boot(routes: any RoutesBuilder) throws {
        let forms = routes.grouped("forms").grouped(CSRFMiddleware())
        forms.get(use: index)
        forms.get("status", use: statusForm)
        forms.post("status", use: status)
        forms.get(":form", use: start)
        // Steps may carry attachments: the limit is the largest file a form accepts plus the page's fields.
        let steps = forms.on(.POST, ":form", body: .collect(maxSize: ByteCount(value: Self.maxStepBytes)), use: step)
        steps.userInfo[RouteInfo.maxBodyBytes] = Self.maxStepBytes
        forms.post(":form", "correct", use: startCorrection)
        forms.get("resume", ":token", use: resume)
        // Renders only (nothing is stored), so it takes the navigator's plain POST without a CSRF token.
        routes.grouped("forms").post(":form", "prefill", use: prefill)
    }

    func index(req: Request) async throws -> Response {
        FormsPage.index(try await req.formCatalog().forms, context: req.pageContext()).response()
    }

    func start(req: Request) async throws -> Response {
        let form = try await find(req)
        if form.identityLevel == .verifiedEmail {
            return FormsPage.emailForm(form: form, purpose: .verify, model: nil, problem: nil, context: req.pageContext(forms: true)).response()
        }
        let key = UUID().uuidString.lowercased()
        return FormsPage.step(.init(form: form, stepIndex: 0, values: [:], problems: [], idempotencyKey: key), context: req.pageContext(forms: true)).response()
    }

    func step(req: Request) async throws -> Response {
        let form = try await find(req)
        let fields = try req.content.decode([String: String].self)
        let today = CivilDate.today()
        let key = String((fields["idempotency_key"] ?? "").prefix(64))
        var values: [String: String] = [:]
        for (name, value) in fields where name.hasPrefix(Self.valuePrefix) {
            let id = String(name.dropFirst(Self.valuePrefix.count))
            if form.field(id) != nil { values[id] = String(value.prefix(2000)) }
        }
        let index = try IntegerParameter("step", in: 0...form.steps.count, clampingAbove: true).parse(fields["step"], default: 0)
        let context = req.pageContext(forms: true)
        // Files of this step are checked and stored now; the step carries their references on.
        var uploadProblems: [FieldProblem] = []
        if req.headers.contentType == .formData, index < form.steps.count {
            for field in form.steps[index].fields where field.type == .file {
                guard let file = try? req.content.get(File.self, at: Self.filePrefix + field.id), file.data.readableBytes > 0 else { continue }
                do {
                    values[field.id] = try await req.madoguchi.formAttachments.store(
                        Data(file.data.readableBytesView), filename: file.filename, field: field, form: form,
                        municipalityID: req.municipality.requireID(), on: req.db)
                } catch FormsError.invalid(let problems) {
                    uploadProblems += problems
                    values[field.id] = nil
                }
            }
        }
        let correction = fields["correction_receipt"].flatMap { receipt in
            fields["correction_secret"].map { FormsPage.Correction(receiptNumber: String(receipt.prefix(32)), secret: String($0.prefix(64))) }
        }
        let draftToken = String((fields["draft_token"] ?? "").prefix(64))
        func model(_ step: Int, _ values: [String: String], _ problems: [FieldProblem]) -> FormsPage.Model {
            FormsPage.Model(form: form, stepIndex: step, values: values, problems: problems, idempotencyKey: key, correction: correction,
                            draftToken: draftToken.isEmpty ? nil : draftToken)
        }
        switch fields["go"] ?? "next" {
        case "back":
            return FormsPage.step(model(max(0, index - 1), values, []), context: context).response()
        case "save":
            return FormsPage.emailForm(form: form, purpose: .resume, model: model(min(index, form.steps.count - 1), values, []),
                                       problem: nil, context: context).response()
        case "save_send", "verify_send":
            let purpose: FormDrafts.Purpose = fields["go"] == "verify_send" ? .verify : .resume
            let email = (fields["save_email"] ?? "").trimmingCharacters(in: .whitespaces)
            var kept = values
            if purpose == .verify, let field = form.fields.first(where: { $0.type == .email }) { kept[field.id] = email }
            do {
                try await req.madoguchi.formDrafts.save(form, values: kept, step: purpose == .verify ? 0 : min(index, form.steps.count - 1), email: email,
                                              purpose: purpose, municipalityID: req.municipality.requireID(), links: try req.mailLinks(), on: req.db)
            } catch FormsError.invalid(let problems) {
                return FormsPage.emailForm(form: form, purpose: purpose, model: model(index, values, []),
                                           problem: problems.first, context: context).response(status: .unprocessableEntity)
            }
            return FormsPage.mailSent(form: form, purpose: purpose, context: context).response()
        case "submit" where correction != nil:
            return try await submitCorrection(req, form: form, correction: correction!, values: values, model: model)
        case "submit" where form.identityLevel == .verifiedEmail:
            let emailField = form.fields.first { $0.type == .email }
            let verified = try await req.madoguchi.formDrafts.verifiedEmail(token: draftToken, formID: form.id, municipalityID: req.municipality.requireID(), on: req.db)
            guard let verified, let emailField, values[emailField.id]?.trimmingCharacters(in: .whitespaces) == verified else {
                let problem = FieldProblem(field: emailField?.id ?? "save_email", message: FormsError.emailNotVerified.message)
                let first = form.steps.firstIndex { $0.fields.contains { $0.id == emailField?.id } } ?? 0
                return FormsPage.step(model(first, values, [problem]), context: context).response(status: .unprocessableEntity)
            }
            fallthrough
        case "submit":
            do {
                let receipt = try await req.madoguchi.formSubmissions.submit(form, values: values, idempotencyKey: key,
                                                                             municipalityID: req.municipality.requireID(), today: today,
                                                                             actor: .resident, origin: req.origin,
                                                                             mail: try req.mailLinks(), on: req.db)
                try await req.madoguchi.formDrafts.discard(token: draftToken, on: req.db)
                return FormsPage.receipt(receipt, form: form, context: req.pageContext()).response()
            } catch FormsError.invalid(let problems) {
                let first = Self.firstStep(of: form, with: problems)
                return FormsPage.step(model(first, values, problems), context: context).response(status: .unprocessableEntity)
            }
        default:
            guard index < form.steps.count else {
                return FormsPage.confirm(model(index, values, []), context: context).response()
            }
            let outcome = FormStepValidator.validate(form.steps[index], input: values, earlier: values, today: today)
            let problems = uploadProblems + outcome.problems.filter { p in !uploadProblems.contains { $0.field == p.field } }
            guard problems.isEmpty else {
                return FormsPage.step(model(index, values, problems), context: context).response(status: .unprocessableEntity)
            }
            let merged = values.merging(outcome.values) { _, normalized in normalized }
            if index + 1 < form.steps.count {
                return FormsPage.step(model(index + 1, merged, []), context: context).response()
            }
            return FormsPage.confirm(model(form.steps.count, merged, []), context: context).response()
        }
    }

    /// The first step (or the e-mail confirmation) with what the navigator already knows filled in.
    func prefill(req: Request) async throws -> Response {
        let form = try await find(req)
        struct Known: Content { var event_date: String?; var resident_name: String?; var resident_address: String?; var resident_birth_date: String? }
        let known = try req.content.decode(Known.self)
        var sources: [String: String] = [:]
        sources["event_date"] = known.event_date.flatMap(CivilDate.init(iso:))?.description
        sources["resident.birth_date"] = known.resident_birth_date.flatMap(CivilDate.init(iso:))?.description
        sources["resident.name"] = known.resident_name.map { String($0.prefix(200)) }
        sources["resident.address"] = known.resident_address.map { String($0.prefix(200)) }
        var values: [String: String] = [:]
        for field in form.fields {
            if let source = field.prefill, let value = sources[source], !value.isEmpty { values[field.id] = value }
        }
        let model = FormsPage.Model(form: form, stepIndex: 0, values: values, problems: [], idempotencyKey: UUID().uuidString.lowercased())
        let context = req.pageContext(forms: true)
        if form.identityLevel == .verifiedEmail {
            return FormsPage.emailForm(form: form, purpose: .verify, model: model, problem: nil, context: context).response()
        }
        return FormsPage.step(model, context: context).response()
    }

    /// Opens a mailed link: the saved values at the saved step (the address is now confirmed).
    func resume(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let context = req.pageContext(forms: true)
        do {
            let (draft, content) = try await req.madoguchi.formDrafts.open(token: token, municipalityID: req.municipality.requireID(), on: req.db)
            guard let form = try await req.formCatalog().form(draft.formID) else { throw FormsError.draftNotFound }
            return FormsPage.step(.init(form: form, stepIndex: draft.step, values: content.values, problems: [],
                                        idempotencyKey: UUID().uuidString.lowercased(), draftToken: token), context: context).response()
        } catch let error as FormsError {
            return FormsPage.linkProblem(error.message, context: context).response(status: error == .draftExpired ? .gone : .notFound)
        }
    }

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
            let first = Self.firstStep(of: form, with: problems)
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
                let history = try await req.madoguchi.applicationReview.history(of: application, on: req.db)
                comment = history.last { !$0.byApplicant && !$0.comment.isEmpty }?.comment
            }
            model = FormsPage.StatusModel(application: application, comment: comment,
                                          correction: current == .correctionRequested
                                              ? FormsPage.Correction(receiptNumber: application.receiptNumber, secret: secret) : nil)
        }
        return FormsPage.status(model, problem: problem, context: req.pageContext(forms: true)).response(status: status)
    }

    /// The step to show a whole-form refusal on: the first holding a field with a problem.
    static func firstStep(of form: FormDefinition, with problems: [FieldProblem]) -> Int {
        form.steps.firstIndex { step in step.fields.contains { f in problems.contains { $0.field == f.id } } } ?? 0
    }

    private func find(_ req: Request) async throws -> FormDefinition {
        _ = try req.municipality
        guard let form = try await req.formCatalog().form(req.parameters.get("form") ?? "") else { throw WebError.notFound }
        return form
    }
}

extension Request {
    /// The municipality's name and public address, for links in e-mails.
    func mailLinks() throws -> FormSubmissions.MailLinks {
        let municipality = try self.municipality
        return FormSubmissions.MailLinks(municipalityName: municipality.name,
                                         baseURL: madoguchi.configuration.mail.publicURL + "/" + municipality.code)
    }
}
