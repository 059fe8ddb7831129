import Foundation
import MadoguchiCore
import Notices
import Plot

/// The mail subscription pages (メール配信サービス): subscribe, the answer, confirm, manage, unsubscribe.
enum NoticeSubscriptionsPage {
    static let title = LocalizedText(ja: "メール配信サービス", en: "E-mail notices")

    static func subscribe(_ input: SubscriptionInput, areas: [NoticeArea], problems: [FieldProblem], context: PageContext) -> HTML {
        func p(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        let code = context.municipalityCode ?? ""
        return Layout.page(
            title: context.t(LocalizedText(ja: "メール配信の登録", en: "Subscribe to e-mail notices")), context: context,
            .p(.text(context.t(LocalizedText(
                ja: "選んだ分類と地区のお知らせを、公開したときにメールでお送りします。避難情報（警戒レベル3〜5と解除）は、選んだ地区について分類にかかわらずお送りします。登録すると確認のメールが届きます。メールのリンクを開くまで配信は始まりません。",
                en: "We mail you the notices of the categories and areas you choose when they are published. Evacuation alerts (levels 3 to 5, and their lifting) for your areas are always sent, whatever the categories. You will get a mail to confirm; nothing is sent before you follow its link.")))),
            Layout.problems(problems, context: context),
            .form(.method(.post), .attr("action", "/\(code)/notices/subscribe"), Layout.csrfField(context),
                  FormFields.text("address", label: context.t(LocalizedText(ja: "メールアドレス", en: "E-mail address")), value: input.address,
                                  type: .email, problem: p("address"), context: context, autocomplete: "email"),
                  preferences(input, areas: areas, problems: problems, context: context),
                  FormFields.submit(context.t(LocalizedText(ja: "登録を申し込む", en: "Subscribe")))),
            .p(.text(context.t(LocalizedText(
                ja: "メールアドレスは暗号化して保存し、配信にだけ使います。配信を停止すると\(NoticeSubscriptions.endedRetentionDays)日後に消去します。確認されなかった申込みは\(NoticeSubscriptions.pendingDays)日後に消去します。",
                en: "Your address is stored encrypted and used only to send these mails. It is erased \(NoticeSubscriptions.endedRetentionDays) days after you stop; an unconfirmed request is erased after \(NoticeSubscriptions.pendingDays) days."))))
        )
    }

    /// The categories, areas and language of a subscription (subscribe and manage forms).
    static func preferences(_ input: SubscriptionInput, areas: [NoticeArea], problems: [FieldProblem], context: PageContext) -> Node<HTML.FormContext> {
        func p(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        let l = context.language
        return .group(
            .fieldset(.attr("id", "categories"),
                      .element(named: "legend", nodes: [.text(context.t(LocalizedText(ja: "配信を希望する分類（1つ以上）", en: "Categories (at least one)")))]),
                      .unwrap(p("categories")) { .p(.attr("class", "field-problem"), .text(context.t($0.message))) },
                      .forEach(NoticeCategory.allCases) { c in
                          .div(.input(.type(.checkbox), .attr("id", "category-\(c.rawValue)"), .attr("name", "categories[]"), .attr("value", c.rawValue),
                                      .attr("checked", input.categories.contains(c.rawValue) ? "checked" : nil)),
                               .label(.attr("for", "category-\(c.rawValue)"), .text(context.t(c.label))))
                      }),
            .fieldset(.attr("id", "areas"),
                      .element(named: "legend", nodes: [.text(context.t(LocalizedText(ja: "地区（選ばなければ市内全域）", en: "Areas (none: the whole municipality)")))]),
                      .unwrap(p("areas")) { .p(.attr("class", "field-problem"), .text(context.t($0.message))) },
                      .forEach(areas) { a in
                          .div(.input(.type(.checkbox), .attr("id", "area-\(a.code)"), .attr("name", "areas[]"), .attr("value", a.code),
                                      .attr("checked", input.areaCodes.contains(a.code) ? "checked" : nil)),
                               .label(.attr("for", "area-\(a.code)"), .text(l == .ja ? a.name : a.nameEnglish)))
                      }),
            .fieldset(.attr("id", "language"),
                      .element(named: "legend", nodes: [.text(context.t(LocalizedText(ja: "メールの言語", en: "Language of the mails")))]),
                      .forEach([("ja", "日本語"), ("en", "English")]) { value, label in
                          .div(.input(.type(.radio), .attr("id", "language-\(value)"), .attr("name", "language"), .attr("value", value),
                                      .attr("checked", input.language == value ? "checked" : nil)),
                               .label(.attr("for", "language-\(value)"), .attr("lang", value), .text(label)))
                      })
        )
    }

    /// The same answer for every valid request, whether or not the address was subscribed.
    static func sent(context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "メールを送りました", en: "Please check your mail")), context: context,
            .p(.attr("role", "status"), .text(context.t(LocalizedText(
                ja: "入力されたメールアドレスに、手続きのためのメールを送りました。メールのリンクを48時間以内に開いてください。数分たっても届かないときは、迷惑メールのフォルダもご確認ください。",
                en: "We have sent a mail to the address you gave. Please open its link within 48 hours. If nothing arrives within a few minutes, look in your spam folder too.")))),
            back(context)
        )
    }

    static func confirm(token: String, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "メール配信の登録の確認", en: "Confirm your subscription")), context: context,
            .p(.text(context.t(LocalizedText(ja: "次のボタンを押すと、登録が完了し配信が始まります。",
                                             en: "Press the button to confirm; the mails start then.")))),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/notices/subscribe/confirm/\(token)"), Layout.csrfField(context),
                  FormFields.submit(context.t(LocalizedText(ja: "登録を完了する", en: "Confirm"))))
        )
    }

    static func confirmed(context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "登録が完了しました", en: "You are subscribed")), context: context,
            .p(.attr("role", "status"), .text(context.t(LocalizedText(
                ja: "メール配信の登録が完了しました。配信内容の変更や停止は、届くメールの末尾のリンクから行えます。",
                en: "Your subscription is confirmed. Every mail ends with links to change what you receive or to stop.")))),
            back(context)
        )
    }

    static func manage(_ input: SubscriptionInput, token: String, areas: [NoticeArea], problems: [FieldProblem], saved: Bool,
                       context: PageContext) -> HTML {
        let code = context.municipalityCode ?? ""
        return Layout.page(
            title: context.t(LocalizedText(ja: "メール配信の登録内容", en: "Your e-mail subscription")), context: context,
            saved ? Layout.notice(context.t(LocalizedText(ja: "登録内容を変更しました。", en: "Saved."))) : .empty,
            Layout.problems(problems, context: context),
            .form(.method(.post), .attr("action", "/\(code)/notices/subscription/\(token)"), Layout.csrfField(context),
                  preferences(input, areas: areas, problems: problems, context: context),
                  FormFields.submit(context.t(LocalizedText(ja: "変更を保存する", en: "Save changes")))),
            .h2(.text(context.t(LocalizedText(ja: "配信の停止", en: "Stop the mails")))),
            .form(.method(.post), .attr("action", "/\(code)/notices/unsubscribe/\(token)"),
                  FormFields.submit(context.t(LocalizedText(ja: "配信を停止する", en: "Unsubscribe"))))
        )
    }

    static func unsubscribe(token: String, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "メール配信の停止", en: "Unsubscribe")), context: context,
            .p(.text(context.t(LocalizedText(ja: "次のボタンを押すと、メール配信を停止します。", en: "Press the button to stop the mails.")))),
            .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/notices/unsubscribe/\(token)"),
                  FormFields.submit(context.t(LocalizedText(ja: "配信を停止する", en: "Unsubscribe"))))
        )
    }

    static func unsubscribed(context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "配信を停止しました", en: "You are unsubscribed")), context: context,
            .p(.attr("role", "status"), .text(context.t(LocalizedText(
                ja: "メール配信を停止しました。今後メールは届きません。再開するときは、もう一度登録してください。",
                en: "The mails have stopped. To receive them again, subscribe again.")))),
            back(context)
        )
    }

    static func back(_ context: PageContext) -> Node<HTML.BodyContext> {
        .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/notices"), .text(context.t(LocalizedText(ja: "お知らせの一覧へ", en: "All notices")))))
    }
}
