import Forms
import Foundation
import MadoguchiCore
import Plot

/// The online application pages: the list, each step, the 確認画面, the receipt and the status.
enum FormsPage {
    struct Model {
        let form: FormDefinition
        let stepIndex: Int
        let values: [String: String]
        let problems: [FieldProblem]
        let idempotencyKey: String
        /// Set while the applicant corrects an application after a 補正依頼: the receipt number and
        /// secret travel in hidden fields (never in the URL) and are checked again on submit.
        var correction: Correction? = nil
        /// The token of the mailed link this form was opened from (resume or e-mail confirmation).
        var draftToken: String? = nil
    }

    struct Correction: Equatable {
        let receiptNumber: String
        let secret: String
    }

    static func index(_ forms: [FormDefinition], context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/forms"
        return Layout.page(
            title: context.t(LocalizedText(ja: "オンライン申請", en: "Apply online")), context: context,
            .ul(.attr("class", "event-list"), .forEach(forms) { f in .li(.a(.attr("href", "\(base)/\(f.id)"), .text(f.title.text(context.language)))) }),
            .p(.a(.attr("href", base + "/status"), .text(context.t(LocalizedText(ja: "申請の状況を確認する", en: "Check the status of an application")))))
        )
    }

    /// The hidden fields carrying every value except those of the step on screen.
    static func carried(_ model: Model, except step: FormStep?) -> Node<HTML.FormContext> {
        let shown = Set(step?.fields.map(\.id) ?? [])
        return .group(
            .input(.type(.hidden), .attr("name", "idempotency_key"), .attr("value", model.idempotencyKey)),
            .unwrap(model.draftToken) { .input(.type(.hidden), .attr("name", "draft_token"), .attr("value", $0)) },
            .unwrap(model.correction) { c in
                .group(.input(.type(.hidden), .attr("name", "correction_receipt"), .attr("value", c.receiptNumber)),
                       .input(.type(.hidden), .attr("name", "correction_secret"), .attr("value", c.secret)))
            },
            .forEach(model.values.sorted { $0.key < $1.key }.filter { !shown.contains($0.key) }) { key, value in
                .input(.type(.hidden), .attr("name", FormsController.valuePrefix + key), .attr("value", value))
            })
    }

    static func step(_ model: Model, context: PageContext) -> HTML {
        let l = context.language
        let step = model.form.steps[model.stepIndex]
        let action = "/\(context.municipalityCode ?? "")/forms/\(model.form.id)"
        return Layout.page(
            title: "\(model.form.title.text(l))（\(model.stepIndex + 1) / \(model.form.steps.count)：\(step.title.text(l))）", context: context,
            Layout.problems(model.problems.map { FieldProblem(field: FormsController.valuePrefix + $0.field, message: $0.message) }, context: context),
            .form(.method(.post), .attr("action", action), Layout.csrfField(context),
                  .attr("enctype", step.fields.contains { $0.type == .file } ? "multipart/form-data" : nil),
                  carried(model, except: step),
                  .input(.type(.hidden), .attr("name", "step"), .attr("value", String(model.stepIndex))),
                  .forEach(step.fields.filter { $0.isShown(model.values) }) { field in
                      field.type == .file ? fileControl(field, model: model, context: context) : control(field, model: model, context: context)
                  },
                  .div(.attr("class", "navigator-buttons"),
                       FormFields.goButton("next", context.t(LocalizedText(ja: "次へ", en: "Next")), primary: true),
                       model.stepIndex > 0 ? FormFields.goButton("back", context.t(LocalizedText(ja: "戻る", en: "Back")), primary: false) : .empty,
                       model.correction == nil
                           ? FormFields.goButton("save", context.t(LocalizedText(ja: "途中保存（続きのリンクをメールで受け取る）", en: "Save and e-mail me a link")), primary: false)
                           : .empty))
        )
    }

    /// A file input; once a file is attached its reference rides in a hidden field and the page says so.
    static func fileControl(_ field: FormField, model: Model, context: PageContext) -> Node<HTML.FormContext> {
        let l = context.language
        let name = FormsController.filePrefix + field.id
        let problem = model.problems.first { $0.field == field.id }
        let attached = model.values[field.id].flatMap(FormAttachments.Reference.init) != nil
        let accepted = field.accept.map { $0.uppercased() }.joined(separator: "・")
        let limit = field.maxBytes / 1024 / 1024
        let label: String = field.label.text(l) + (field.required ? context.t(LocalizedText(ja: "（必須）", en: " (required)")) : "")
        var help: String = context.t(LocalizedText(ja: "\(accepted)、\(limit) MBまで。", en: "\(accepted), up to \(limit) MB."))
        if attached { help += context.t(LocalizedText(ja: "添付済みです（選び直すと差し替えます）。", en: "Attached (choose again to replace it).")) }
        return .div(.attr("class", problem == nil ? "field" : "field has-problem"),
            .label(.attr("for", name), .text(label)),
            .p(.attr("id", name + "-help"), .attr("class", "help"), .text(help)),
            .unwrap(problem) { .p(.attr("id", name + "-error"), .attr("class", "field-problem"), .text(context.t($0.message))) },
            .unwrap(attached ? model.values[field.id] : nil) { .input(.type(.hidden), .attr("name", FormsController.valuePrefix + field.id), .attr("value", $0)) },
            .input(.type(.file), .attr("id", name), .attr("name", name),
                   .attr("accept", field.accept.map { $0 == "jpeg" ? ".jpg,.jpeg" : "." + $0 }.joined(separator: ",")),
                   .attr("aria-describedby", problem == nil ? name + "-help" : name + "-help " + name + "-error"),
                   .attr("aria-invalid", problem == nil ? nil : "true")))
    }

    static func control(_ field: FormField, model: Model, context: PageContext) -> Node<HTML.FormContext> {
        let l = context.language
        let name = FormsController.valuePrefix + field.id
        let problem = model.problems.first { $0.field == field.id }.map { FieldProblem(field: name, message: $0.message) }
        let value = model.values[field.id] ?? ""
        let label = field.label.text(l) + (field.required ? context.t(LocalizedText(ja: "（必須）", en: " (required)")) : "")
        switch field.type {
        case .choice:
            return .div(.attr("class", problem == nil ? "field" : "field has-problem"),
                        .label(.attr("for", name), .text(label)),
                        .unwrap(problem) { p in .p(.attr("class", "field-problem"), .text(context.t(p.message))) },
                        .select(.attr("id", name), .attr("name", name),
                                FormFields.option(value: "", label: context.t(LocalizedText(ja: "選んでください", en: "Choose")), selected: value.isEmpty),
                                .forEach(field.choices) { FormFields.option(value: $0.value, label: $0.label.text(l), selected: $0.value == value) }))
        case .checkbox:
            return .div(.attr("class", problem == nil ? "field choice" : "field choice has-problem"),
                        .unwrap(problem) { p in .p(.attr("class", "field-problem"), .text(context.t(p.message))) },
                        .selfClosedElement(named: "input", attributes: [
                            .type(.checkbox), .attr("id", name), .attr("name", name), .attr("value", "on"),
                            .attr("checked", value.isEmpty ? nil : "checked"),
                        ] as [Attribute<HTML.InputContext>]),
                        .label(.attr("for", name), .text(label)))
        default:
            let type: HTMLInputType = field.type == .email ? .email : field.type == .phone ? .tel : .text
            let autocomplete: String? = ["name": "name", "name_kana": nil, "postal_code": "postal-code", "phone": "tel", "email": "email"][field.id] ?? nil
            return .group(
                FormFields.text(name, label: label, value: field.type == .myNumber ? "" : value, type: type, problem: problem, context: context,
                                autocomplete: field.type == .myNumber ? "off" : autocomplete, required: field.required),
                .unwrap(field.help) { help in .p(.attr("class", "help"), .text(help.text(l))) })
        }
    }

    static func confirm(_ model: Model, context: PageContext) -> HTML {
        let l = context.language
        let action = "/\(context.municipalityCode ?? "")/forms/\(model.form.id)"
        let shown = model.form.fields.filter { model.values[$0.id] != nil }
        return Layout.page(
            title: "\(model.form.title.text(l))：" + context.t(LocalizedText(ja: "入力内容の確認", en: "Check your answers")), context: context,
            .p(.text(context.t(LocalizedText(ja: "内容を確かめて「送信する」を押してください。まだ送信されていません。",
                                             en: "Check and press Submit. Nothing has been sent yet.")))),
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(model.form.title.text(l))),
                .tbody(.forEach(shown) { f in
                    let value = model.values[f.id] ?? ""
                    let display = f.type == .myNumber ? String(repeating: "*", count: 8) + value.suffix(4)
                        : f.type == .choice ? (f.choices.first { $0.value == value }?.label.text(l) ?? value)
                        : f.type == .checkbox ? "✔"
                        : f.type == .file ? context.t(LocalizedText(ja: "添付あり", en: "Attached")) : value
                    return .tr(.th(.attr("scope", "row"), .text(f.label.text(l))), .td(.text(display)))
                }))),
            .unwrap(model.form.feeYen > 0 ? model.form.feeYen : nil) { fee in .p(.text(context.t(LocalizedText(ja: "手数料：\(fee)円", en: "Fee: ¥\(fee)")))) },
            .form(.method(.post), .attr("action", action), Layout.csrfField(context),
                  carried(model, except: nil),
                  .input(.type(.hidden), .attr("name", "step"), .attr("value", String(model.form.steps.count))),
                  .div(.attr("class", "navigator-buttons"),
                       FormFields.goButton("submit", context.t(LocalizedText(ja: "送信する", en: "Submit")), primary: true),
                       FormFields.goButton("back", context.t(LocalizedText(ja: "戻って直す", en: "Back")), primary: false)))
        )
    }

    /// What the status page shows once the receipt number and secret matched.
    struct StatusModel {
        let application: FormApplication
        /// The staff member's latest note for a 補正依頼 or 却下.
        let comment: String?
        /// Set when the application awaits a correction, so the page can offer to reopen the form.
        let correction: Correction?
    }

    static func status(_ model: StatusModel?, problem: FieldProblem?, context: PageContext) -> HTML {
        let code = context.municipalityCode ?? ""
        return Layout.page(
            title: context.t(LocalizedText(ja: "申請の状況", en: "Application status")), context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .unwrap(model) { m in
                .div(.attr("class", "notice"), .attr("role", "status"),
                     .p(.attr("id", "application-status"), .text("\(m.application.receiptNumber)：" + context.t(
                        ApplicationStatus(rawValue: m.application.status)?.label ?? LocalizedText(ja: m.application.status, en: m.application.status)))),
                     .unwrap(m.comment) { comment in
                         .p(.text(context.t(LocalizedText(ja: "担当者からのお知らせ：", en: "Note from the city: "))), .span(.attr("id", "staff-comment"), .text(comment)))
                     },
                     .unwrap(m.correction) { c in
                         .form(.method(.post), .attr("action", "/\(code)/forms/\(m.application.formID)/correct"), Layout.csrfField(context),
                               .input(.type(.hidden), .attr("name", "receipt_number"), .attr("value", c.receiptNumber)),
                               .input(.type(.hidden), .attr("name", "secret"), .attr("value", c.secret)),
                               FormFields.submit(context.t(LocalizedText(ja: "申請内容を直して送り直す（補正）", en: "Correct and resend the application"))))
                     })
            },
            .form(.method(.post), .attr("action", "/\(code)/forms/status"), Layout.csrfField(context),
                  FormFields.text("receipt_number", label: context.t(LocalizedText(ja: "受付番号", en: "Receipt number")), problem: problem, context: context,
                                  autocomplete: "off"),
                  FormFields.text("secret", label: context.t(LocalizedText(ja: "確認用の番号", en: "Secret")), type: .password, context: context,
                                  autocomplete: "off"),
                  FormFields.submit(context.t(LocalizedText(ja: "確認する", en: "Check"))))
        )
    }

    /// Asks for the address to mail a resume link (途中保存) or a confirmation link (identity level `verified_email`).
    static func emailForm(form: FormDefinition, purpose: FormDrafts.Purpose, model: Model?, problem: FieldProblem?, context: PageContext) -> HTML {
        let verify = purpose == .verify
        let emailField = form.fields.first { $0.type == .email }
        let prefilled = model.flatMap { m in emailField.flatMap { m.values[$0.id] } }
        return Layout.page(
            title: form.title.text(context.language) + "：" + context.t(verify
                ? LocalizedText(ja: "メールアドレスの確認", en: "Confirm your e-mail address")
                : LocalizedText(ja: "途中保存", en: "Save and continue later")), context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .p(.text(context.t(verify
                ? LocalizedText(ja: "この申請では、はじめにメールアドレスを確認します。入力したアドレスに届くリンクを開くと、申請の入力に進めます。",
                                en: "This application starts by confirming your e-mail address: open the link we send to continue.")
                : LocalizedText(ja: "入力した内容を保存し、続きを入力するためのリンクをメールでお送りします（7日間有効）。まだ申請は送信されません。",
                                en: "We save your answers and e-mail you a link to continue (valid 7 days). Nothing is submitted yet.")))),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/forms/\(form.id)"), Layout.csrfField(context),
                  .unwrap(model) { m in .group(carried(m, except: nil), .input(.type(.hidden), .attr("name", "step"), .attr("value", String(m.stepIndex)))) },
                  FormFields.text("save_email", label: context.t(LocalizedText(ja: "メールアドレス", en: "E-mail address")), value: prefilled ?? "",
                                  type: .email, problem: problem, context: context, autocomplete: "email"),
                  .div(.attr("class", "navigator-buttons"),
                       FormFields.goButton(verify ? "verify_send" : "save_send",
                                           context.t(LocalizedText(ja: "メールを送る", en: "Send the e-mail")), primary: true)))
        )
    }

    static func mailSent(form: FormDefinition, purpose: FormDrafts.Purpose, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "メールを送りました", en: "E-mail sent")), context: context,
            .div(.attr("class", "notice"), .attr("role", "status"),
                 .p(.text(context.t(purpose == .verify
                    ? LocalizedText(ja: "確認のメールを送りました。メールのリンクを開いて、申請の入力に進んでください（7日間有効）。",
                                    en: "We sent a confirmation e-mail. Open its link to continue (valid 7 days).")
                    : LocalizedText(ja: "続きを入力するためのリンクをメールで送りました（7日間有効）。まだ申請は送信されていません。",
                                    en: "We e-mailed you a link to continue (valid 7 days). Nothing has been submitted yet."))))),
            .p(.text(context.t(LocalizedText(ja: "メールが届かないときは、迷惑メールのフォルダもご確認ください。",
                                             en: "If nothing arrives, check your spam folder.")))),
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/forms/\(form.id)"), .text(context.t(LocalizedText(ja: "最初から入力する", en: "Start again")))))
        )
    }

    static func linkProblem(_ message: LocalizedText, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "リンクを開けませんでした", en: "The link could not be opened")), context: context,
            .p(.attr("class", "notice"), .attr("role", "alert"), .text(context.t(message))),
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/forms"), .text(context.t(LocalizedText(ja: "オンライン申請の一覧へ", en: "All online forms")))))
        )
    }

    static func corrected(receiptNumber: String, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "補正を受け付けました", en: "Correction received")), context: context,
            .div(.attr("class", "notice"), .attr("role", "status"),
                 .p(.text(context.t(LocalizedText(ja: "受付番号：", en: "Receipt number: "))), .strong(.attr("id", "receipt-number"), .text(receiptNumber)))),
            .p(.text(context.t(LocalizedText(ja: "直した内容で審査を続けます。受付番号と確認用の番号は変わりません。",
                                             en: "The review continues with your corrections. Your receipt number and secret stay the same.")))),
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/forms/status"), .text(context.t(LocalizedText(ja: "申請の状況を確認する", en: "Check the status")))))
        )
    }
}
