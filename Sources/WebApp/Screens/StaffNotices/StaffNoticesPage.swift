import Foundation
import Mail
import MadoguchiCore
import Notices
import Plot

/// `/{code}/staff/notices`: the staff list of notices, the notice form, and the areas.
enum StaffNoticesPage {
    /// Counts of mail subscribers (never addresses) and the mails queued per notice.
    struct Subscribers {
        var byState: [NoticeSubscription.State: Int] = [:]
        var byCategory: [String: Int] = [:]
        var queuedPerNotice: [UUID: Int] = [:]
    }

    static func list(notices: [Notice], subscribers: Subscribers = Subscribers(), context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/staff/notices"
        return Layout.page(
            title: context.t(LocalizedText(ja: "お知らせの管理", en: "Manage notices")), context: context,
            .p(.a(.attr("href", base + "/new"), .text(context.t(LocalizedText(ja: "お知らせを作成する", en: "Write a notice")))), .text(" · "),
               .a(.attr("href", base + "/areas"), .text(context.t(LocalizedText(ja: "対象地区", en: "Areas"))))),
            notices.isEmpty ? .p(.text(context.t(LocalizedText(ja: "お知らせはまだありません。", en: "No notices yet.")))) :
                .table(.thead(.tr(.th(.text(context.t(LocalizedText(ja: "件名", en: "Title")))),
                                  .th(.text(context.t(LocalizedText(ja: "分類", en: "Category")))),
                                  .th(.text(context.t(LocalizedText(ja: "状態", en: "State")))),
                                  .th(.text(context.t(LocalizedText(ja: "作成日時", en: "Created")))),
                                  .th(.text(context.t(LocalizedText(ja: "配信メール数", en: "Mails queued")))))),
                       .tbody(.forEach(notices) { n in
                           .tr(.td(.a(.attr("href", "\(base)/\(n.id!.uuidString.lowercased())"), .text(n.title))),
                               .td(.text(context.t(n.category.label))), .td(.text(context.t(stateLabel(n)))),
                               .td(.text(TimeText.minutes(n.createdAt))),
                               .td(.text(subscribers.queuedPerNotice[n.id!].map(String.init) ?? "—")))
                       })),
            subscriberCounts(subscribers, context: context)
        )
    }

    /// メール配信サービスの登録者数: by state, and confirmed subscribers by category.
    static func subscriberCounts(_ subscribers: Subscribers, context: PageContext) -> Node<HTML.BodyContext> {
        let states: [(NoticeSubscription.State, LocalizedText)] = [
            (.active, LocalizedText(ja: "配信中", en: "Active")), (.pending, LocalizedText(ja: "確認待ち", en: "Awaiting confirmation")),
            (.unsubscribed, LocalizedText(ja: "停止（本人）", en: "Unsubscribed")), (.deactivated, LocalizedText(ja: "停止（配信不能）", en: "Deactivated (bounces)")),
        ]
        return .section(
            .h2(.text(context.t(LocalizedText(ja: "メール配信の登録者数", en: "Mail subscribers")))),
            .table(.caption(.text(context.t(LocalizedText(ja: "状態別", en: "By state")))),
                   .tbody(.forEach(states) { state, label in
                       .tr(.th(.attr("scope", "row"), .text(context.t(label))), .td(.text(String(subscribers.byState[state] ?? 0))))
                   })),
            .table(.caption(.text(context.t(LocalizedText(ja: "分類別（配信中、複数選択は各分類に数える）", en: "By category (active; one subscriber counts under each category chosen)")))),
                   .tbody(.forEach(NoticeCategory.allCases) { category in
                       .tr(.th(.attr("scope", "row"), .text(context.t(category.label))), .td(.text(String(subscribers.byCategory[category.rawValue] ?? 0))))
                   })))
    }

    static func stateLabel(_ notice: Notice) -> LocalizedText {
        switch notice.state {
        case .draft: return LocalizedText(ja: "下書き", en: "Draft")
        case .awaitingApproval: return LocalizedText(ja: "承認待ち", en: "Awaiting approval")
        case .published:
            return notice.revision > 1 ? LocalizedText(ja: "公開中（更新\(notice.revision - 1)回）", en: "Published (corrected \(notice.revision - 1)×)")
                : LocalizedText(ja: "公開中", en: "Published")
        }
    }

    struct FormModel {
        var notice: Notice?
        var input: NoticeInput
        var note: String
        var areas: [NoticeArea]
        var departments: [Department]
        var revisions: [NoticeRevision]
        var saved: Bool
        var attachments: [NoticeAttachment] = []
        /// The notice's messages by channel and status (`MailOutbox.statusCountsByChannel`); zero before any was queued.
        var deliveries: [DeliveryChannel: [DeliveryStatus: Int]] = [:]
    }

    static func form(_ model: FormModel, problems: [FieldProblem], context: PageContext) -> HTML {
        func p(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        let code = context.municipalityCode ?? ""
        let notice = model.notice
        let action = notice.map { "/\(code)/staff/notices/\($0.id!.uuidString.lowercased())" } ?? "/\(code)/staff/notices"
        let input = model.input
        let l = context.language
        let title = notice == nil ? LocalizedText(ja: "お知らせの作成", en: "New notice") : LocalizedText(ja: "お知らせの編集", en: "Edit notice")
        return Layout.page(
            title: context.t(title), context: context,
            model.saved ? Layout.notice(context.t(LocalizedText(ja: "保存しました。", en: "Saved."))) : .empty,
            Layout.problems(problems, context: context),
            .unwrap(notice) { n in
                .p(.text(context.t(LocalizedText(ja: "状態：", en: "State: ")) + context.t(stateLabel(n))),
                   n.state == .published ? .group(.text(" "), .a(.attr("href", "/\(code)/notices/\(n.id!.uuidString.lowercased())"),
                                                              .text(context.t(LocalizedText(ja: "公開ページ", en: "Public page"))))) : .empty)
            },
            .form(.method(.post), .attr("action", action), Layout.csrfField(context),
                  FormFields.text("title", label: context.t(LocalizedText(ja: "件名", en: "Title")), value: input.title, problem: p("title"), context: context),
                  textarea("body", label: context.t(LocalizedText(ja: "本文（段落・箇条書き・見出し・リンクが使えます。HTMLは文字として表示されます）",
                                                                  en: "Body (paragraphs, lists, headings and links; HTML is shown as text)")),
                           value: input.body, problem: p("body"), required: true, context: context),
                  select("category", label: context.t(LocalizedText(ja: "分類", en: "Category")), problem: p("category"), context: context,
                         options: NoticeCategory.allCases.map { ($0.rawValue, context.t($0.label)) }, selected: input.category, allowEmpty: false),
                  select("department_id", label: context.t(LocalizedText(ja: "担当課", en: "Department")), problem: p("department_id"), context: context,
                         options: model.departments.map { ($0.id!.uuidString, l == .ja ? $0.name : $0.nameEnglish) },
                         selected: input.departmentID, allowEmpty: true),
                  .fieldset(.attr("id", "areas"),
                            .element(named: "legend", nodes: [.text(context.t(LocalizedText(ja: "対象地区（選ばなければ市内全域）", en: "Areas (none: the whole municipality)")))]),
                            .unwrap(p("areas")) { .p(.attr("class", "field-problem"), .text(context.t($0.message))) },
                            .forEach(model.areas) { a in
                                .div(.input(.type(.checkbox), .attr("id", "area-\(a.code)"), .attr("name", "areas[]"), .attr("value", a.code),
                                            .attr("checked", input.areaCodes.contains(a.code) ? "checked" : nil)),
                                     .label(.attr("for", "area-\(a.code)"), .text(l == .ja ? a.name : a.nameEnglish)))
                            }),
                  FormFields.text("publish_at", label: context.t(LocalizedText(ja: "掲載開始日時（空欄：公開と同時）", en: "Publish from (empty: on publication)")),
                                  value: input.publishAt, type: .datetimeLocal, problem: p("publish_at"), context: context, required: false),
                  FormFields.text("expires_at", label: context.t(LocalizedText(ja: "掲載終了日時（空欄：終了しない）", en: "Publish until (empty: no end)")),
                                  value: input.expiresAt, type: .datetimeLocal, problem: p("expires_at"), context: context, required: false),
                  FormFields.text("title_easy", label: context.t(LocalizedText(ja: "件名（やさしい日本語・任意）", en: "Title in easy Japanese (optional)")),
                                  value: input.titleEasy, problem: p("title_easy"), context: context, required: false),
                  textarea("body_easy", label: context.t(LocalizedText(ja: "本文（やさしい日本語・任意）", en: "Body in easy Japanese (optional)")),
                           value: input.bodyEasy, problem: p("body_easy"), required: false, context: context),
                  FormFields.text("title_en", label: context.t(LocalizedText(ja: "件名（英語・任意）", en: "Title in English (optional)")),
                                  value: input.titleEnglish, problem: p("title_en"), context: context, required: false),
                  textarea("body_en", label: context.t(LocalizedText(ja: "本文（英語・任意）", en: "Body in English (optional)")),
                           value: input.bodyEnglish, problem: p("body_en"), required: false, context: context),
                  notice?.state == .published
                      ? FormFields.text("note", label: context.t(LocalizedText(ja: "訂正の内容（公開中のお知らせの更新として表示されます）",
                                                                               en: "What this correction changes (shown with the update)")),
                                        value: model.note, problem: p("note"), context: context)
                      : .empty,
                  FormFields.submit(context.t(UIStrings.save))),
            .unwrap(notice) { StaffNoticeAttachmentsPage.section(model.attachments, notice: $0, context: context) },
            StaffNoticeDeliveriesView.section(model.deliveries, context: context),
            .unwrap(notice) { n in
                .group(
                    n.state == .draft ? .form(.method(.post), .attr("action", "/\(code)/staff/notices/\(n.id!.uuidString.lowercased())/publish"),
                                              Layout.csrfField(context),
                                              FormFields.submit(context.t(n.category.needsApproval
                                                  ? LocalizedText(ja: "公開の承認を依頼する（緊急情報）", en: "Ask for approval to publish (emergency)")
                                                  : LocalizedText(ja: "公開する", en: "Publish")))) : .empty,
                    n.state == .awaitingApproval ? .form(.method(.post), .attr("action", "/\(code)/staff/notices/\(n.id!.uuidString.lowercased())/approve"),
                                                         Layout.csrfField(context),
                                                         .p(.text(context.t(LocalizedText(ja: "依頼した職員とは別の職員が承認します。", en: "Another member of staff approves.")))),
                                                         FormFields.submit(context.t(LocalizedText(ja: "承認して公開する", en: "Approve and publish")))) : .empty
                )
            },
            model.revisions.isEmpty ? .empty : .section(
                .h2(.text(context.t(LocalizedText(ja: "公開した版", en: "Published versions")))),
                .ol(.forEach(model.revisions) { r in .li(.text("\(TimeText.minutes(r.savedAt)) \(r.title)\(r.note.isEmpty ? "" : "（\(r.note)）")")) }))
        )
    }

    static func areas(_ areas: [NoticeArea], input: StaffNoticesController.AreaInput, problems: [FieldProblem], context: PageContext) -> HTML {
        func p(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        return Layout.page(
            title: context.t(LocalizedText(ja: "対象地区", en: "Areas")), context: context,
            Layout.problems(problems, context: context),
            areas.isEmpty ? .p(.text(context.t(LocalizedText(ja: "地区はまだありません。", en: "No areas yet.")))) :
                .ul(.forEach(areas) { a in
                    .li(.text("\(a.name)（\(a.code)）" + (a.households.map { " \($0)世帯" } ?? "") + (a.population.map { " \($0)人" } ?? "")))
                }),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/notices/areas"), Layout.csrfField(context),
                  FormFields.text("code", label: context.t(LocalizedText(ja: "地区コード（例：naka-1）", en: "Area code (e.g. naka-1)")),
                                  value: input.code ?? "", problem: p("code"), context: context, autocomplete: "off"),
                  FormFields.text("name", label: context.t(LocalizedText(ja: "地区名（例：中一丁目）", en: "Name in Japanese")),
                                  value: input.name ?? "", problem: p("name"), context: context, autocomplete: "off"),
                  FormFields.text("name_en", label: context.t(LocalizedText(ja: "地区名（英語）", en: "Name in English")),
                                  value: input.name_en ?? "", problem: p("name_en"), context: context, autocomplete: "off", required: false),
                  FormFields.text("households", label: context.t(LocalizedText(ja: "世帯数", en: "Households")),
                                  value: input.households ?? "", problem: p("households"), context: context, autocomplete: "off", required: false),
                  FormFields.text("population", label: context.t(LocalizedText(ja: "人数", en: "People")),
                                  value: input.population ?? "", problem: p("population"), context: context, autocomplete: "off", required: false),
                  FormFields.submit(context.t(UIStrings.save)))
        )
    }

    static func textarea(_ name: String, label: String, value: String, problem: FieldProblem?, required: Bool, context: PageContext) -> Node<HTML.FormContext> {
        .div(.attr("class", problem == nil ? "field" : "field has-problem"),
             .label(.attr("for", name), .text(label)),
             .unwrap(problem) { p in .p(.attr("id", "\(name)-error"), .attr("class", "field-problem"), .text(context.t(p.message))) },
             .element(named: "textarea", nodes: [.attr("id", name), .attr("name", name), .attr("rows", "10"), .flag("required", required),
                                                 .attr("aria-invalid", problem == nil ? nil : "true"),
                                                 .attr("aria-describedby", problem == nil ? nil : "\(name)-error"), .text(value)]))
    }

    static func select(_ name: String, label: String, problem: FieldProblem?, context: PageContext, options: [(String, String)],
                       selected: String, allowEmpty: Bool) -> Node<HTML.FormContext> {
        .div(.attr("class", problem == nil ? "field" : "field has-problem"),
             .label(.attr("for", name), .text(label)),
             .unwrap(problem) { p in .p(.attr("id", "\(name)-error"), .attr("class", "field-problem"), .text(context.t(p.message))) },
             .select(.attr("id", name), .attr("name", name),
                     allowEmpty ? FormFields.option(value: "", label: "—", selected: selected.isEmpty) : .empty,
                     .forEach(options) { FormFields.option(value: $0.0, label: $0.1, selected: $0.0.lowercased() == selected.lowercased()) }))
    }
}
