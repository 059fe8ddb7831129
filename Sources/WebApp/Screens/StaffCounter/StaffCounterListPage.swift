import Counter
import Foundation
import MadoguchiCore
import Plot

/// `/{code}/staff/counter`: the form to start an assisted session, and the saved sessions (their
/// reference, life event and time only: nothing personal is decrypted for the list).
enum StaffCounterListPage {
    struct Model {
        let sessions: [CounterSession]
        let events: [LifeEvent]
        let input: StaffCounterController.NewSessionInput
        let problems: [FieldProblem]
        let retentionDays: Int
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/counter"
        func problem(_ field: String) -> FieldProblem? { model.problems.first { $0.field == field } }
        let eventNames = Dictionary(uniqueKeysWithValues: model.events.map { ($0.id, $0.name.text(l)) })
        return Layout.page(
            title: context.t(LocalizedText(ja: "書かない窓口（窓口支援）", en: "Assisted counter")), context: context,
            Layout.problems(model.problems, context: context),
            .h2(.text(context.t(LocalizedText(ja: "新しい受付", en: "New session")))),
            .p(.text(context.t(LocalizedText(
                ja: "ご本人（届出人）の基本4情報を一度だけ入力します。入力内容は暗号化して保存され、\(model.retentionDays)日後に自動で削除されます。",
                en: "Enter the resident's basic four items once. They are stored encrypted and deleted automatically after \(model.retentionDays) days.")))),
            .form(.method(.post), .attr("action", base),
                  Layout.csrfField(context),
                  .div(.attr("class", problem("event") == nil ? "field" : "field has-problem"),
                       .label(.attr("for", "event"), .text(context.t(LocalizedText(ja: "ライフイベント", en: "Life event")))),
                       .unwrap(problem("event")) { p in .p(.attr("class", "field-problem"), .text(context.t(p.message))) },
                       .select(.attr("id", "event"), .attr("name", "event"), .forEach(model.events) { event in
                           FormFields.option(value: event.id, label: event.name.text(l), selected: model.input.event == event.id)
                       })),
                  FormFields.text("event_date", label: context.t(LocalizedText(ja: "きっかけとなった日（死亡日・出生日・異動日）", en: "Event date")),
                                  value: model.input.event_date ?? "", problem: problem("event_date"), context: context, autocomplete: "off"),
                  FormFields.text("name", label: context.t(LocalizedText(ja: "氏名", en: "Name")), value: model.input.name ?? "",
                                  problem: problem("name"), context: context, autocomplete: "off"),
                  FormFields.text("address", label: context.t(LocalizedText(ja: "住所", en: "Address")), value: model.input.address ?? "",
                                  problem: problem("address"), context: context, autocomplete: "off"),
                  FormFields.text("birth_date", label: context.t(LocalizedText(ja: "生年月日", en: "Date of birth")),
                                  value: model.input.birth_date ?? "", problem: problem("birth_date"), context: context, autocomplete: "off"),
                  .div(.attr("class", problem("sex") == nil ? "field" : "field has-problem"),
                       .label(.attr("for", "sex"), .text(context.t(LocalizedText(ja: "性別", en: "Sex")))),
                       .unwrap(problem("sex")) { p in .p(.attr("class", "field-problem"), .text(context.t(p.message))) },
                       .select(.attr("id", "sex"), .attr("name", "sex"),
                               FormFields.option(value: "", label: context.t(LocalizedText(ja: "選んでください", en: "Choose")), selected: (model.input.sex ?? "").isEmpty),
                               .forEach(["男", "女", "その他"]) { FormFields.option(value: $0, label: $0, selected: model.input.sex == $0) })),
                  FormFields.submit(context.t(LocalizedText(ja: "受付を始める", en: "Start")))),
            .h2(.text(context.t(LocalizedText(ja: "保存中の受付", en: "Saved sessions")))),
            model.sessions.isEmpty ? .p(.text(context.t(LocalizedText(ja: "ありません。", en: "None.")))) :
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(context.t(LocalizedText(ja: "受付番号・ライフイベント・受付日時（開くと閲覧が記録されます）",
                                                       en: "Reference, life event, opened at (opening one is recorded)")))),
                .thead(.tr(.th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "受付番号", en: "Reference")))),
                           .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "ライフイベント", en: "Life event")))),
                           .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "受付日時", en: "Opened at")))))),
                .tbody(.forEach(model.sessions) { s in
                    .tr(.td(.a(.attr("href", "\(base)/\(s.id?.uuidString.lowercased() ?? "")"), .text(s.reference))),
                        .td(.text(eventNames[s.lifeEvent] ?? s.lifeEvent)),
                        .td(.text(TimeText.minutes(s.createdAt))))
                })))
        )
    }
}
