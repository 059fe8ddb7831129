import Foundation
import MadoguchiCore
import Notices
import Plot

/// `/{code}/staff/alerts`: the alerts issued, each with its update and lift forms, and the form
/// that issues a new one.
enum StaffAlertsPage {
    static func render(alerts: [EvacuationAlert], areas: [NoticeArea], input: StaffAlertsController.Input, problems: [FieldProblem],
                       context: PageContext) -> HTML {
        func p(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        let code = context.municipalityCode ?? ""
        let l = context.language
        let names = Dictionary(areas.map { ($0.code, l == .ja ? $0.name : $0.nameEnglish) }, uniquingKeysWith: { a, _ in a })
        return Layout.page(
            title: context.t(LocalizedText(ja: "避難情報の発令", en: "Evacuation alerts")), context: context,
            Layout.problems(problems, context: context),
            alerts.isEmpty ? .p(.text(context.t(LocalizedText(ja: "発令した避難情報はありません。", en: "No alerts issued.")))) :
                .ul(.forEach(alerts) { a in
                    .li(.text("\(context.t(a.level.label))（\(a.areaCodes.map { names[$0] ?? $0 }.joined(separator: "、"))）"),
                        .text(a.active ? context.t(LocalizedText(ja: " 発令中", en: " in force")) : context.t(LocalizedText(ja: " 解除済み", en: " lifted"))),
                        .text(" " + TimeText.minutes(a.issuedAt)),
                        a.active ? .form(.method(.post), .attr("action", "/\(code)/staff/alerts/\(a.id!.uuidString.lowercased())/lift"),
                                         Layout.csrfField(context),
                                         FormFields.submit(context.t(LocalizedText(ja: "解除する", en: "Lift")))) : .empty)
                }),
            .h2(.text(context.t(LocalizedText(ja: "避難情報を発令する", en: "Issue an alert")))),
            .form(.method(.post), .attr("action", "/\(code)/staff/alerts"), Layout.csrfField(context),
                  StaffNoticesPage.select("level", label: context.t(LocalizedText(ja: "警戒レベル", en: "Alert level")), problem: p("level"),
                                          context: context, options: AlertLevel.allCases.map { (String($0.rawValue), context.t($0.label)) },
                                          selected: input.level ?? "", allowEmpty: true),
                  .fieldset(.attr("id", "areas"),
                            .element(named: "legend", nodes: [.text(context.t(LocalizedText(ja: "対象地区", en: "Areas")))]),
                            .unwrap(p("areas")) { .p(.attr("class", "field-problem"), .text(context.t($0.message))) },
                            .forEach(areas) { a in
                                .div(.input(.type(.checkbox), .attr("id", "alert-area-\(a.code)"), .attr("name", "areas[]"), .attr("value", a.code),
                                            .attr("checked", (input.areas ?? []).contains(a.code) ? "checked" : nil)),
                                     .label(.attr("for", "alert-area-\(a.code)"), .text(l == .ja ? a.name : a.nameEnglish)))
                            }),
                  FormFields.text("households", label: context.t(LocalizedText(ja: "対象世帯数（空欄：地区の世帯数の合計）", en: "Households (empty: the areas' total)")),
                                  value: input.households ?? "", problem: p("households"), context: context, autocomplete: "off", required: false),
                  FormFields.text("people", label: context.t(LocalizedText(ja: "対象人数（空欄：地区の人数の合計）", en: "People (empty: the areas' total)")),
                                  value: input.people ?? "", problem: p("people"), context: context, autocomplete: "off", required: false),
                  StaffNoticesPage.textarea("instruction", label: context.t(LocalizedText(ja: "住民への指示（空欄：標準の文）", en: "Instruction (empty: the standard wording)")),
                                            value: input.instruction ?? "", problem: p("instruction"), required: false, context: context),
                  StaffNoticesPage.textarea("instruction_en", label: context.t(LocalizedText(ja: "住民への指示（英語）", en: "Instruction in English")),
                                            value: input.instruction_en ?? "", problem: p("instruction_en"), required: false, context: context),
                  FormFields.submit(context.t(LocalizedText(ja: "発令する", en: "Issue"))))
        )
    }
}
