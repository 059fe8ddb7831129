import Foundation
import Mail
import MadoguchiCore
import Notices
import Plot

/// The webhook endpoints' pages: the list with the registration form, and one endpoint with its
/// form, its secret's rotation and its latest messages. A secret appears only in the answer to
/// the POST that made it.
enum StaffWebhooksPage {
    struct ListModel {
        let endpoints: [WebhookEndpoint]
        let areas: [NoticeArea]
        let input: WebhookEndpointInput
        let created: (endpoint: WebhookEndpoint, secret: String)?
    }

    struct EndpointModel {
        let endpoint: WebhookEndpoint
        let areas: [NoticeArea]
        let input: WebhookEndpointInput
        let secret: String?
        let attempts: [MailOutbox.Attempt]
        let saved: Bool
    }

    static func input(of endpoint: WebhookEndpoint) -> WebhookEndpointInput {
        WebhookEndpointInput(url: endpoint.url, description: endpoint.endpointDescription, categories: endpoint.categories.map(\.rawValue),
                             areaCodes: endpoint.areaCodes, alerts: endpoint.alerts, active: endpoint.active)
    }

    static func list(_ model: ListModel, problems: [FieldProblem], context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/staff/webhooks"
        return Layout.page(
            title: context.t(LocalizedText(ja: "Webhook（外部システムへの配信）", en: "Webhooks (delivery to other systems)")), context: context,
            Layout.problems(problems, context: context),
            .unwrap(model.created) { created in secretBox(created.secret, heading: LocalizedText(
                ja: "「\(created.endpoint.endpointDescription)」を登録しました。", en: "Registered \(created.endpoint.endpointDescription)."), context: context) },
            .p(.text(context.t(LocalizedText(
                ja: "登録した送信先には、選んだ分類・地区のお知らせの公開と更新、避難情報の発令・更新・解除が、署名付きのJSONでPOSTされます（ヘッダー Madoguchi-Signature: v1=HMAC-SHA256(シークレット, タイムスタンプ + \".\" + 本文)）。受信側での検証方法はREADMEにあります。",
                en: "Each endpoint receives, as a signed JSON POST, the publications and corrections of notices of its categories and areas and the issue, updates and lifting of evacuation alerts (header Madoguchi-Signature: v1=HMAC-SHA256(secret, timestamp + \".\" + body)). The README shows how a receiver checks it.")))),
            model.endpoints.isEmpty ? .p(.text(context.t(LocalizedText(ja: "送信先はまだありません。", en: "No endpoints yet.")))) :
                .table(.attr("id", "webhooks"),
                       .caption(.text(context.t(LocalizedText(ja: "登録済みの送信先", en: "Registered endpoints")))),
                       .thead(.tr(.th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "説明", en: "Description")))),
                                  .th(.attr("scope", "col"), .text("URL")),
                                  .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "受け取るもの", en: "Receives")))),
                                  .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "状態", en: "State")))))),
                       .tbody(.forEach(model.endpoints) { endpoint in
                           .tr(.td(.a(.attr("href", "\(base)/\(endpoint.id?.uuidString.lowercased() ?? "")"), .text(endpoint.endpointDescription))),
                               .td(.code(.text(endpoint.url))),
                               .td(.text(receives(endpoint, areas: model.areas, context: context))),
                               .td(.text(context.t(endpoint.active ? LocalizedText(ja: "有効", en: "Active") : LocalizedText(ja: "停止中", en: "Inactive")))))
                       })),
            .h2(.text(context.t(LocalizedText(ja: "送信先を登録する", en: "Register an endpoint")))),
            .form(.method(.post), .attr("action", base), Layout.csrfField(context),
                  fields(model.input, areas: model.areas, problems: problems, context: context),
                  FormFields.submit(context.t(LocalizedText(ja: "登録してシークレットを作る", en: "Register and make its secret"))))
        )
    }

    static func endpoint(_ model: EndpointModel, problems: [FieldProblem], context: PageContext) -> HTML {
        let path = "/\(context.municipalityCode ?? "")/staff/webhooks/\(model.endpoint.id?.uuidString.lowercased() ?? "")"
        return Layout.page(
            title: context.t(LocalizedText(ja: "Webhookの送信先：\(model.endpoint.endpointDescription)", en: "Webhook endpoint: \(model.endpoint.endpointDescription)")),
            context: context,
            Layout.problems(problems, context: context),
            .if(model.saved, .p(.attr("class", "notice"), .attr("role", "status"), .text(context.t(LocalizedText(ja: "保存しました。", en: "Saved."))))),
            .unwrap(model.secret) { secretBox($0, heading: LocalizedText(ja: "シークレットを作り直しました。", en: "A new secret was made."), context: context) },
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/staff/webhooks"),
                  .text(context.t(LocalizedText(ja: "送信先の一覧へ", en: "All endpoints"))))),
            .form(.method(.post), .attr("action", path), Layout.csrfField(context),
                  fields(model.input, areas: model.areas, problems: problems, context: context),
                  FormFields.submit(context.t(LocalizedText(ja: "保存する", en: "Save")))),
            .h2(.text(context.t(LocalizedText(ja: "シークレット", en: "Secret")))),
            .p(.text(context.t(LocalizedText(
                ja: "シークレットは作成時（\(TimeText.minutes(model.endpoint.secretCreatedAt))）に一度だけ表示しました。作り直すと古いシークレットは使えなくなり、送信待ちのメッセージも新しいシークレットで署名されます。",
                en: "The secret was shown once when it was made (\(TimeText.minutes(model.endpoint.secretCreatedAt))). A new one replaces it at once, for messages still waiting too.")))),
            .form(.method(.post), .attr("action", path + "/rotate"), Layout.csrfField(context),
                  .button(.type(.submit), .attr("class", "secondary"),
                          .text(context.t(LocalizedText(ja: "シークレットを作り直す", en: "Make a new secret"))))),
            .h2(.text(context.t(LocalizedText(ja: "最近の送信", en: "Latest messages")))),
            model.attempts.isEmpty ? .p(.text(context.t(LocalizedText(ja: "まだ送信はありません。", en: "Nothing sent yet.")))) :
                .table(.attr("id", "attempts"),
                       .caption(.text(context.t(LocalizedText(ja: "新しい順（最大20件）", en: "Newest first (at most 20)")))),
                       .thead(.tr(.th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "作成", en: "Created")))),
                                  .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "内容", en: "About")))),
                                  .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "状態", en: "Status")))),
                                  .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "試行回数", en: "Attempts")))),
                                  .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "最後の応答", en: "Last answer")))),
                                  .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "結果の時刻／次の試行", en: "Outcome at / next try")))))),
                       .tbody(.forEach(model.attempts) { attempt in
                           .tr(.td(.text(TimeText.minutes(attempt.createdAt))),
                               .td(.code(.text(attempt.reference ?? ""))),
                               .td(.text(attempt.status.map { context.t(StaffNoticeDeliveriesView.label($0)) } ?? "")),
                               .td(.text(String(attempt.attempts))),
                               .td(.text(attempt.lastError ?? "")),
                               .td(.text(attempt.status.map { DeliveryStatus.pending.contains($0) } == true && attempt.attempts < MailOutbox.maxAttempts
                                         ? TimeText.minutes(attempt.nextAttemptAt) : TimeText.minutes(attempt.statusAt))))
                       }))
        )
    }

    private static func secretBox(_ secret: String, heading: LocalizedText, context: PageContext) -> Node<HTML.BodyContext> {
        .div(.attr("class", "notice"), .attr("role", "status"),
             .p(.text(context.t(heading))),
             .p(.text(context.t(LocalizedText(ja: "共有シークレットです。受信側に設定してください。この画面を閉じると二度と表示されません。",
                                              en: "The shared secret: set it at the receiver. It will not be shown again.")))),
             .p(.code(.attr("id", "new-secret"), .text(secret))))
    }

    private static func receives(_ endpoint: WebhookEndpoint, areas: [NoticeArea], context: PageContext) -> String {
        var parts = endpoint.categories.map { context.t($0.label) }
        if endpoint.alerts { parts.append(context.t(LocalizedText(ja: "避難情報", en: "Evacuation alerts"))) }
        let names = areas.filter { endpoint.areaCodes.contains($0.code) }.map { context.language == .ja ? $0.name : $0.nameEnglish }
        let area = names.isEmpty ? context.t(LocalizedText(ja: "全地区", en: "every area")) : names.joined(separator: context.language == .ja ? "、" : ", ")
        return parts.joined(separator: context.language == .ja ? "、" : ", ") + (context.language == .ja ? "（\(area)）" : " (\(area))")
    }

    private static func fields(_ input: WebhookEndpointInput, areas: [NoticeArea], problems: [FieldProblem],
                               context: PageContext) -> Node<HTML.FormContext> {
        func p(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        let l = context.language
        return .group(
            FormFields.text("url", label: context.t(LocalizedText(ja: "URL（https://。http:// はこのサーバー自身のみ）", en: "URL (https://; http:// only for this machine)")),
                            value: input.url, type: .url, problem: p("url"), context: context, autocomplete: "off"),
            FormFields.text("description", label: context.t(LocalizedText(ja: "説明（例：LINE連携、都の防災システム）", en: "Description (e.g. LINE bridge)")),
                            value: input.description, problem: p("description"), context: context, autocomplete: "off"),
            .fieldset(.attr("id", "categories"),
                      .element(named: "legend", nodes: [.text(context.t(LocalizedText(ja: "受け取るお知らせの分類", en: "Notice categories it receives")))]),
                      .unwrap(p("categories")) { .p(.attr("class", "field-problem"), .text(context.t($0.message))) },
                      .forEach(NoticeCategory.allCases) { c in
                          .div(.input(.type(.checkbox), .attr("id", "category-\(c.rawValue)"), .attr("name", "categories[]"), .attr("value", c.rawValue),
                                      .attr("checked", input.categories.contains(c.rawValue) ? "checked" : nil)),
                               .label(.attr("for", "category-\(c.rawValue)"), .text(context.t(c.label))))
                      },
                      .div(.input(.type(.checkbox), .attr("id", "alerts"), .attr("name", "alerts"), .attr("value", "1"),
                                  .attr("checked", input.alerts ? "checked" : nil)),
                           .label(.attr("for", "alerts"), .text(context.t(LocalizedText(ja: "避難情報（発令・更新・解除）", en: "Evacuation alerts (issue, update, lift)")))))),
            .fieldset(.attr("id", "areas"),
                      .element(named: "legend", nodes: [.text(context.t(LocalizedText(ja: "対象地区（選ばなければ全地区）", en: "Areas (none: every area)")))]),
                      .unwrap(p("areas")) { .p(.attr("class", "field-problem"), .text(context.t($0.message))) },
                      .forEach(areas) { a in
                          .div(.input(.type(.checkbox), .attr("id", "area-\(a.code)"), .attr("name", "areas[]"), .attr("value", a.code),
                                      .attr("checked", input.areaCodes.contains(a.code) ? "checked" : nil)),
                               .label(.attr("for", "area-\(a.code)"), .text(l == .ja ? a.name : a.nameEnglish)))
                      }),
            .div(.attr("class", "field"),
                 .input(.type(.checkbox), .attr("id", "active"), .attr("name", "active"), .attr("value", "1"),
                        .attr("checked", input.active ? "checked" : nil)),
                 .label(.attr("for", "active"), .text(context.t(LocalizedText(ja: "有効（外すと送信を止めます）", en: "Active (untick to stop sending)")))))
        )
    }
}
