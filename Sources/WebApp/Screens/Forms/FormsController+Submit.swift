import Forms
import MadoguchiCore
import Vapor

extension FormsController {
    /// `go=submit`: files the application (`FormSubmissions.submit`: application, attachments, audit
    /// entry, receipt mail and the resumed draft's removal in one transaction) and shows the receipt.
    /// A replay of the same idempotency key shows the first receipt number; from the browser that
    /// submitted, it offers a new secret once (`reissue`). A `verified_email` form needs the address
    /// its draft's link confirmed (checked by the command; refused like any invalid field).
    func submit(_ req: Request, _ input: FormStepInput) async throws -> Response {
        let form = input.form, context = req.pageContext(forms: true)
        do {
            let receipt = try await req.madoguchi.formSubmissions.submit(
                form, values: input.values, idempotencyKey: input.idempotencyKey, municipalityID: req.municipality.requireID(),
                today: CivilDate.today(), actor: .resident, origin: req.origin, mail: try req.mailLinks(),
                draftToken: input.draftToken.isEmpty ? nil : input.draftToken, browserProof: req.formsBrowserProof,
                olderBrowserProofs: req.formsOlderBrowserProofs, on: req.db)
            return FormsPage.receipt(receipt, form: form, idempotencyKey: input.idempotencyKey, context: context).response()
        } catch FormsError.invalid(let problems) {
            return FormsPage.step(input.model(Self.firstStep(of: form, with: problems), nil, problems), context: context)
                .response(status: .unprocessableEntity)
        }
    }

    /// `POST /forms/{form}/reissue`: a new status secret for a submission replayed from the browser
    /// that sent it, once (`FormSubmissions.reissueSecret`); otherwise how to get help, revealing nothing.
    func reissue(req: Request) async throws -> Response {
        let form = try await find(req)
        struct Input: Content { var idempotency_key: String? }
        let key = String((try req.content.decode(Input.self).idempotency_key ?? "").prefix(64))
        guard let proof = req.formsBrowserProof,
              let receipt = try await req.madoguchi.formSubmissions.reissueSecret(idempotencyKey: key, browserProof: proof,
                                                                                 olderBrowserProofs: req.formsOlderBrowserProofs,
                                                                                 municipalityID: req.municipality.requireID(),
                                                                                 origin: req.origin, on: req.db) else {
            return FormsPage.reissueRefused(context: req.pageContext()).response(status: .conflict)
        }
        return FormsPage.receipt(receipt, form: form, idempotencyKey: key, context: req.pageContext(forms: true)).response()
    }
}

extension Request {
    /// A value only this browser's requests produce: a keyed hash of its CSRF binding (the visitor
    /// cookie, or the staff session). A submission's one-time re-issue allowance is bound to it; it
    /// is never stored as such (`FormSubmissions.reissueHash`).
    var formsBrowserProof: String? {
        CSRFMiddleware.expectedToken(for: self).map { SecretToken.keyedHash("forms.browser.v1|" + $0, key: serverKey("forms-browser-v1")) }
    }

    /// The same value as this browser's requests made it under each older key of the ring (its CSRF
    /// binding signed and hashed under that key): an allowance stored before a key change still holds.
    var formsOlderBrowserProofs: [String] {
        zip(CSRFMiddleware.acceptedTokens(for: self).dropFirst(), olderServerKeys("forms-browser-v1"))
            .map { SecretToken.keyedHash("forms.browser.v1|" + $0, key: $1) }
    }
}
