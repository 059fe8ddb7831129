import Forms
import Foundation
import MadoguchiCore
import Plot

/// The form editing pages.
enum StaffFormsPage {
    static func list(_ forms: [FormDefinition], edited: Set<String>, context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/staff/forms"
        return Layout.page(
            title: context.t(LocalizedText(ja: "電子申請の様式", en: "Online forms")), context: context,
            .p(.text(context.t(LocalizedText(ja: "文言、項目、表示の条件、手数料を団体ごとに直せます。保存するとすべての様式と合わせて検査し、記録します。",
                                             en: "Edit wording, fields, conditions and fees for this municipality; every save is checked and recorded.")))),
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(context.t(LocalizedText(ja: "様式一覧", en: "Forms")))),
                .thead(.tr(.forEach([("様式", "Form"), ("版", "Version"), ("本人確認", "Identity"), ("この団体での編集", "Edited here")]) { h in
                    .th(.attr("scope", "col"), .text(context.language == .ja ? h.0 : h.1))
                })),
                .tbody(.forEach(forms) { f in
                    .tr(.th(.attr("scope", "row"), .a(.attr("href", "\(base)/\(f.id)"), .text(f.title.text(context.language)))),
                        .td(.text(String(f.version))),
                        .td(.text(f.identityLevel == .verifiedEmail ? context.t(LocalizedText(ja: "メールアドレス確認", en: "Verified e-mail"))
                                  : context.t(LocalizedText(ja: "なし", en: "None")))),
                        .td(.text(edited.contains(f.id) ? context.t(LocalizedText(ja: "編集あり", en: "Edited")) : "—")))
                })))
        )
    }

    static func edit(form: FormDefinition, definition: String, edited: Bool, problems: [FieldProblem], notice: LocalizedText?,
                     context: PageContext) -> HTML {
        let action = "/\(context.municipalityCode ?? "")/staff/forms/\(form.id)"
        return Layout.page(
            title: form.title.text(context.language) + context.t(LocalizedText(ja: "（様式の編集）", en: " (edit form)")), context: context,
            Layout.problems(problems, context: context),
            .unwrap(notice) { .p(.attr("class", "notice"), .attr("role", "status"), .text(context.t($0))) },
            .p(.text(context.t(LocalizedText(ja: "版：\(form.version)（保存するたびに上がり、申請には受け付けた時の版が記録されます）",
                                             en: "Version \(form.version) (raised by every save; applications record the version they were filed with)")))),
            .form(.method(.post), .attr("action", action), Layout.csrfField(context),
                  .div(.attr("class", problems.isEmpty ? "field" : "field has-problem"),
                       .label(.attr("for", "definition"), .text(context.t(LocalizedText(ja: "定義（JSON。id は変えられません）", en: "Definition (JSON; the id cannot change)")))),
                       .unwrap(problems.first) { p in .p(.attr("id", "definition-error"), .attr("class", "field-problem"), .text(context.t(p.message))) },
                       .textarea(.attr("id", "definition"), .attr("name", "definition"), .attr("rows", "24"),
                                 .attr("spellcheck", "false"),
                                 .attr("aria-describedby", problems.isEmpty ? nil : "definition-error"),
                                 .text(definition))),
                  FormFields.submit(context.t(UIStrings.save))),
            .if(edited, .form(.method(.post), .attr("action", action + "/revert"), Layout.csrfField(context),
                              FormFields.submit(context.t(LocalizedText(ja: "元の定義に戻す", en: "Revert to the shipped definition")))))
        )
    }
}
