import Forms
import Foundation
import MadoguchiCore
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
/// - A replayed submit (same idempotency key) shows the first receipt number, never its secret. From the
///   browser that submitted, it offers `POST /forms/{form}/reissue` once: a new secret, the old one stops
///   working (`FormSubmissions.reissueSecret`); anyone else is told to ask at the counter.
///
/// Each step's intent has its own handler (`FormsController+Next.swift`, `+Back`, `+Save`, `+Submit`,
/// `+Correct`, `+Status`): parse (`FormStepInput`), call one Forms command or query, render (`FormsPage`).
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
        forms.post(":form", "reissue", use: reissue)
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

    /// Every further step: the input is parsed once (`FormStepInput`), then one handler per intent
    /// (`FormsController+Next.swift`, `+Back`, `+Save`, `+Submit`, `+Correct`) answers.
    func step(req: Request) async throws -> Response {
        let input = try await FormStepInput.parse(req, form: try await find(req))
        switch FormStepIntent(go: input.go, correcting: input.correction) {
        case .next: return try await next(req, input)
        case .back: return back(req, input)
        case .save: return save(req, input)
        case .sendLink(let purpose): return try await sendLink(req, input, purpose: purpose)
        case .submit: return try await submit(req, input)
        case .submitCorrection(let correction): return try await submitCorrection(req, input, correction: correction)
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

    /// The step to show a whole-form refusal on: the first holding a field with a problem.
    static func firstStep(of form: FormDefinition, with problems: [FieldProblem]) -> Int {
        form.steps.firstIndex { step in step.fields.contains { f in problems.contains { $0.field == f.id } } } ?? 0
    }

    func find(_ req: Request) async throws -> FormDefinition {
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
