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
            choices(Choices(id: "categories", legend: LocalizedText(ja: "配信を希望する分類（1つ以上）", en: "Categories (at least one)"),
                            name: "categories[]", optionID: "category", type: .checkbox),
                    problem: p("categories"), options: NoticeCategory.allCases.map { ($0.rawValue, context.t($0.label), nil) },
                    chosen: { input.categories.contains($0) }, context: context),
            choices(Choices(id: "areas", legend: LocalizedText(ja: "地区（選ばなければ市内全域）", en: "Areas (none: the whole municipality)"),
                            name: "areas[]", optionID: "area", type: .checkbox),
                    problem: p("areas"), options: areas.map { ($0.code, l == .ja ? $0.name : $0.nameEnglish, nil) },
                    chosen: { input.areaCodes.contains($0) }, context: context),
            choices(Choices(id: "language", legend: LocalizedText(ja: "メールの言語", en: "Language of the mails"),
                            name: "language", optionID: "language", type: .radio),
                    problem: nil, options: [("ja", "日本語", "ja"), ("en", "English", "en")], chosen: { input.language == $0 }, context: context)
        )
    }

    /// A fieldset of check boxes or radio buttons: its id, legend, the field's name, the prefix of
    /// each option's id (`category-kurashi`) and the input type.
    struct Choices {
        let id: String, legend: LocalizedText, name: String, optionID: String, type: HTMLInputType
    }

    /// The fieldset, with the field's problem under its legend; each option is a value, its label and
    /// the label's language when it differs from the page's.
    static func choices(_ choices: Choices, problem: FieldProblem?, options: [(value: String, label: String, lang: String?)],
                        chosen: (String) -> Bool, context: PageContext) -> Node<HTML.FormContext> {
        .fieldset(.attr("id", choices.id),
                  .element(named: "legend", nodes: [.text(context.t(choices.legend))]),
                  .unwrap(problem) { .p(.attr("class", "field-problem"), .text(context.t($0.message))) },
                  .forEach(options) { option in
                      .div(.input(.type(choices.type), .attr("id", "\(choices.optionID)-\(option.value)"), .attr("name", choices.name),
                                  .attr("value", option.value), .attr("checked", chosen(option.value) ? "checked" : nil)),
                           .label(.attr("for", "\(choices.optionID)-\(option.value)"), .attr("lang", option.lang), .text(option.label)))
                  })
    }

    /// The same answer for every valid request, whether or not the address was subscribed.
    static func sent(context: PageContext) -> HTML {
        done(LocalizedText(ja: "メールを送りました", en: "Please check your mail"), LocalizedText(
            ja: "入力されたメールアドレスに、手続きのためのメールを送りました。メールのリンクを48時間以内に開いてください。数分たっても届かないときは、迷惑メールのフォルダもご確認ください。",
            en: "We have sent a mail to the address you gave. Please open its link within 48 hours. If nothing arrives within a few minutes, look in your spam folder too."),
             context: context)
    }

    static func confirm(token: String, context: PageContext) -> HTML { linkPage(.confirm, token: token, context: context) }

    static func confirmed(context: PageContext) -> HTML {
        done(LocalizedText(ja: "登録が完了しました", en: "You are subscribed"), LocalizedText(
            ja: "メール配信の登録が完了しました。配信内容の変更や停止は、届くメールの末尾のリンクから行えます。",
            en: "Your subscription is confirmed. Every mail ends with links to change what you receive or to stop."), context: context)
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
            linkButton(.unsubscribe, token: token, context: context)
        )
    }

    static func unsubscribe(token: String, context: PageContext) -> HTML { linkPage(.unsubscribe, token: token, context: context) }

    static func unsubscribed(context: PageContext) -> HTML {
        done(LocalizedText(ja: "配信を停止しました", en: "You are unsubscribed"), LocalizedText(
            ja: "メール配信を停止しました。今後メールは届きません。再開するときは、もう一度登録してください。",
            en: "The mails have stopped. To receive them again, subscribe again."), context: context)
    }

    /// What a mailed link's button does: its page's title and explanation, where it posts, its label,
    /// and whether it carries the form token (stopping does not: RFC 8058's one-click POST needs none).
    struct LinkPurpose {
        let title: LocalizedText, explanation: LocalizedText, path: String, button: LocalizedText, formToken: Bool

        static let confirm = LinkPurpose(
            title: LocalizedText(ja: "メール配信の登録の確認", en: "Confirm your subscription"),
            explanation: LocalizedText(ja: "次のボタンを押すと、登録が完了し配信が始まります。", en: "Press the button to confirm; the mails start then."),
            path: "notices/subscribe/confirm", button: LocalizedText(ja: "登録を完了する", en: "Confirm"), formToken: true)
        static let unsubscribe = LinkPurpose(
            title: LocalizedText(ja: "メール配信の停止", en: "Unsubscribe"),
            explanation: LocalizedText(ja: "次のボタンを押すと、メール配信を停止します。", en: "Press the button to stop the mails."),
            path: "notices/unsubscribe", button: LocalizedText(ja: "配信を停止する", en: "Unsubscribe"), formToken: false)
    }

    /// The page a mailed link opens: what its button does, and the button (a GET changes nothing).
    static func linkPage(_ purpose: LinkPurpose, token: String, context: PageContext) -> HTML {
        Layout.page(title: context.t(purpose.title), context: context,
                    .p(.text(context.t(purpose.explanation))),
                    linkButton(purpose, token: token, context: context))
    }

    /// The form of one button that posts to a mailed link.
    static func linkButton(_ purpose: LinkPurpose, token: String, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/\(purpose.path)/\(token)"),
              purpose.formToken ? Layout.csrfField(context) : .empty,
              FormFields.submit(context.t(purpose.button)))
    }

    /// The page after a step: its title, what happened (announced as a status), and the way back.
    static func done(_ title: LocalizedText, _ message: LocalizedText, context: PageContext) -> HTML {
        Layout.page(title: context.t(title), context: context, .p(.attr("role", "status"), .text(context.t(message))), back(context))
    }

    static func back(_ context: PageContext) -> Node<HTML.BodyContext> {
        .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/notices"), .text(context.t(LocalizedText(ja: "お知らせの一覧へ", en: "All notices")))))
    }
}
