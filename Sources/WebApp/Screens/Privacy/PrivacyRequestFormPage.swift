import MadoguchiCore
import Plot
import Privacy

/// The request form (resident online, or staff entering a paper request).
enum PrivacyRequestFormPage {
    struct Model {
        let files: [PersonalInformationFileRegister.Entry]
        let input: PrivacyRequestInput
        let problems: [FieldProblem]
        let staffEntry: Bool
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let code = context.municipalityCode ?? ""
        let action = model.staffEntry ? "/\(code)/staff/privacy/requests" : "/\(code)/privacy/requests"
        func problem(_ field: String) -> FieldProblem? { model.problems.first { $0.field == field } }
        let kinds: [(PrivacyRequestKind, LocalizedText)] = [
            (.disclosure, LocalizedText(ja: "開示請求（市が持っている自分の情報を見せてほしい）", en: "Disclosure")),
            (.correction, LocalizedText(ja: "訂正請求（開示を受けた情報が誤っているので直してほしい）", en: "Correction")),
            (.suspension, LocalizedText(ja: "利用停止請求（開示を受けた情報の利用をやめてほしい）", en: "Suspension of use")),
        ]
        return Layout.page(
            title: context.t(model.staffEntry ? LocalizedText(ja: "紙の請求書を登録", en: "Enter a paper request")
                                                : LocalizedText(ja: "個人情報の開示・訂正・利用停止の請求", en: "Request about your personal information")),
            context: context,
            Layout.problems(model.problems, context: context),
            .p(.attr("class", "help"), .text(context.t(LocalizedText(
                ja: "入力された内容は暗号化して保存し、この請求の事務にだけ使います。",
                en: "What you enter is stored encrypted and used only to handle this request.")))),
            .form(.method(.post), .attr("action", action),
                  Layout.csrfField(context),
                  .fieldset(.attr("id", "kind"), .attr("class", problem("kind") == nil ? "question" : "question has-problem"),
                            .element(named: "legend", nodes: [.text(context.t(LocalizedText(ja: "請求の種類", en: "Kind of request")))]),
                            .unwrap(problem("kind")) { p in .p(.attr("class", "field-problem"), .text(context.t(p.message))) },
                            .forEach(kinds) { kind, label in
                                .div(.attr("class", "choice"),
                                     .selfClosedElement(named: "input", attributes: [
                                        .type(.radio), .attr("id", "kind-\(kind.rawValue)"), .attr("name", "kind"), .attr("value", kind.rawValue),
                                        .attr("checked", model.input.kind == kind.rawValue ? "checked" : nil),
                                     ] as [Attribute<HTML.InputContext>]),
                                     .label(.attr("for", "kind-\(kind.rawValue)"), .text(context.t(label))))
                            }),
                  FormFields.text("name", label: context.t(LocalizedText(ja: "氏名", en: "Name")), value: model.input.name ?? "",
                                  problem: problem("name"), context: context, autocomplete: "name"),
                  FormFields.text("address", label: context.t(LocalizedText(ja: "住所", en: "Address")), value: model.input.address ?? "",
                                  problem: problem("address"), context: context, autocomplete: "address-line1"),
                  FormFields.text("contact", label: context.t(LocalizedText(ja: "連絡先（電話番号またはメールアドレス・任意）", en: "Phone or e-mail (optional)")),
                                  value: model.input.contact ?? "", problem: problem("contact"), context: context, required: false),
                  .div(.attr("class", problem("subject") == nil ? "field" : "field has-problem"),
                       .label(.attr("for", "subject"), .text(context.t(LocalizedText(ja: "請求する個人情報の内容（わかる範囲で）", en: "Which information (as far as you know)")))),
                       .unwrap(problem("subject")) { p in .p(.attr("class", "field-problem"), .text(context.t(p.message))) },
                       .textarea(.attr("id", "subject"), .attr("name", "subject"), .attr("rows", "5"), .text(model.input.subject ?? ""))),
                  .div(.attr("class", "field"),
                       .label(.attr("for", "target_file"), .text(context.t(LocalizedText(ja: "対象の個人情報ファイル（わかれば）", en: "File (if known)")))),
                       .select(.attr("id", "target_file"), .attr("name", "target_file"),
                               FormFields.option(value: "", label: context.t(LocalizedText(ja: "わからない", en: "Not sure")), selected: (model.input.target_file ?? "").isEmpty),
                               .forEach(model.files) { f in FormFields.option(value: f.fileID, label: f.items.first?.value ?? f.fileID,
                                                                              selected: model.input.target_file == f.fileID) })),
                  FormFields.text("disclosed_on", label: context.t(LocalizedText(ja: "開示を受けた日（訂正請求・利用停止請求のとき）", en: "Date of disclosure (for correction or suspension)")),
                                  value: model.input.disclosed_on ?? "", problem: problem("disclosed_on"), context: context, required: false),
                  FormFields.submit(context.t(LocalizedText(ja: "請求する", en: "Submit"))))
        )
    }
}
