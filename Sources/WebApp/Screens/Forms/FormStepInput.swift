import Forms
import Foundation
import MadoguchiCore
import Vapor

/// What a step's POST carries, parsed once for every intent: the form's values (only fields the form
/// declares, each at most 2,000 characters), the step, the idempotency key, a correction's receipt
/// number and secret, the mailed link's token, and this step's uploads (checked and stored now; the
/// step carries their references on).
struct FormStepInput {
    let form: FormDefinition
    /// `go`: which button was pressed (`next` when none).
    let go: String
    let fields: [String: String]
    var values: [String: String]
    let stepIndex: Int
    let idempotencyKey: String
    let correction: FormsPage.Correction?
    let draftToken: String
    /// Problems of this step's files (wrong type, too large); their fields are left empty.
    var uploadProblems: [FieldProblem] = []

    static func parse(_ req: Request, form: FormDefinition) async throws -> FormStepInput {
        let fields = try req.postedFields()
        var values: [String: String] = [:]
        for (name, value) in fields where name.hasPrefix(FormsController.valuePrefix) {
            let id = String(name.dropFirst(FormsController.valuePrefix.count))
            if form.field(id) != nil { values[id] = String(value.prefix(2000)) }
        }
        let index = try IntegerParameter("step", in: 0...form.steps.count, clampingAbove: true).parse(fields["step"], default: 0)
        let correction = fields["correction_receipt"].flatMap { receipt in
            fields["correction_secret"].map { FormsPage.Correction(receiptNumber: String(receipt.prefix(32)), secret: String($0.prefix(64))) }
        }
        var input = FormStepInput(form: form, go: fields["go"] ?? "next", fields: fields, values: values, stepIndex: index,
                                  idempotencyKey: String((fields["idempotency_key"] ?? "").prefix(64)), correction: correction,
                                  draftToken: String((fields["draft_token"] ?? "").prefix(64)))
        try await input.storeUploads(req)
        return input
    }

    private mutating func storeUploads(_ req: Request) async throws {
        guard req.headers.contentType == .formData, stepIndex < form.steps.count else { return }
        for field in form.steps[stepIndex].fields where field.type == .file {
            guard let file = try? req.content.get(File.self, at: FormsController.filePrefix + field.id), file.data.readableBytes > 0 else { continue }
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

    /// The page model at `step` with `values` (default: as sent) and `problems`.
    func model(_ step: Int, _ values: [String: String]? = nil, _ problems: [FieldProblem] = []) -> FormsPage.Model {
        FormsPage.Model(form: form, stepIndex: step, values: values ?? self.values, problems: problems, idempotencyKey: idempotencyKey,
                        correction: correction, draftToken: draftToken.isEmpty ? nil : draftToken)
    }
}

/// The button a step was sent with: one handler each.
enum FormStepIntent: Equatable {
    /// Check this step and go on (or to the 確認画面 after the last step).
    case next
    case back
    /// Ask for the address to mail a resume link to.
    case save
    /// Store the draft and mail its link: to resume (`save_send`) or to confirm the address (`verify_send`).
    case sendLink(FormDrafts.Purpose)
    case submit
    /// Submit while correcting an application after a 補正依頼.
    case submitCorrection(FormsPage.Correction)

    init(go: String, correcting correction: FormsPage.Correction?) {
        switch go {
        case "back": self = .back
        case "save": self = .save
        case "save_send": self = .sendLink(.resume)
        case "verify_send": self = .sendLink(.verify)
        case "submit": self = correction.map { .submitCorrection($0) } ?? .submit
        default: self = .next
        }
    }
}
