import Forms
import MadoguchiCore
import Vapor

/// The status page, reached with the receipt number and the secret.
extension FormsController {
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
    func statusPage(_ req: Request, application: FormApplication?, secret: String, problem: FieldProblem?,
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
}
