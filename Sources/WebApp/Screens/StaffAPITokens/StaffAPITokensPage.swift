import Foundation
import MadoguchiCore
import Plot

/// The member's API tokens: each with its purpose, dates and expiry (expired ones marked, refused by
/// the API), a new token shown once, and the form to create one.
enum StaffAPITokensPage {
    static func render(tokens: [APIToken], created: String?, problem: FieldProblem?, input: StaffAPITokensController.Input,
                       now: Date, context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/staff/api-tokens"
        func problemFor(_ field: String) -> FieldProblem? { problem?.field == field ? problem : nil }
        return Layout.page(
            title: context.t(LocalizedText(ja: "APIトークン（CKAN API）", en: "API tokens (CKAN API)")), context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .unwrap(created) { token in
                .div(.attr("class", "notice"), .attr("role", "status"),
                     .p(.text(context.t(LocalizedText(ja: "新しいトークンです。この画面を閉じると二度と表示されません。",
                                                      en: "Your new token. It will not be shown again.")))),
                     .p(.code(.attr("id", "new-token"), .text(token))))
            },
            .p(.text(context.t(LocalizedText(
                ja: "CKAN クライアントのベースURLは /\(context.municipalityCode ?? "") です。トークンは Authorization ヘッダーで送ります。トークンは有効期限まで使え、期限切れのものは使えません（作り直してください）。",
                en: "The CKAN base URL is /\(context.municipalityCode ?? ""); send the token in the Authorization header. A token works until it expires; create a new one then.")))),
            tokens.isEmpty ? .p(.text(context.t(LocalizedText(ja: "トークンはありません。", en: "No tokens.")))) :
            .ul(.attr("id", "tokens"), .forEach(tokens) { t in
                .li(.text(line(t, now: now, context: context)),
                    .form(.method(.post), .attr("action", "\(base)/\(t.id?.uuidString.lowercased() ?? "")/revoke"), .attr("class", "inline"),
                          Layout.csrfField(context),
                          .button(.type(.submit), .attr("class", "secondary"), .text(context.t(LocalizedText(ja: "削除", en: "Revoke"))))))
            }),
            .form(.method(.post), .attr("action", base), Layout.csrfField(context),
                  FormFields.text("label", label: context.t(LocalizedText(ja: "用途（例：都のカタログへの登録）", en: "Purpose")),
                                  value: input.label ?? "", problem: problemFor("label"), context: context, autocomplete: "off"),
                  FormFields.text("days", label: context.t(LocalizedText(
                      ja: "有効期間（日、\(APIToken.lifetimeDays.lowerBound)〜\(APIToken.lifetimeDays.upperBound)）",
                      en: "Valid for (days, \(APIToken.lifetimeDays.lowerBound)–\(APIToken.lifetimeDays.upperBound))")),
                                  value: input.days ?? String(APIToken.defaultLifetimeDays), type: .number, problem: problemFor("days"),
                                  context: context, autocomplete: "off"),
                  FormFields.submit(context.t(LocalizedText(ja: "トークンを作る", en: "Create a token"))))
        )
    }

    /// 「用途（作成、最終利用、有効期限）」, with 期限切れ when it has expired.
    static func line(_ token: APIToken, now: Date, context: PageContext) -> String {
        let expiry = TimeText.minutes(token.expiresAt)
        let lastUsed = token.lastUsedAt == nil ? context.t(LocalizedText(ja: "なし", en: "never")) : TimeText.minutes(token.lastUsedAt)
        if context.language == .ja {
            let state = token.isExpired(at: now) ? "期限切れ（\(expiry)）・使えません" : "有効期限 \(expiry)"
            return "\(token.label)（\(TimeText.minutes(token.createdAt))作成、最終利用 \(lastUsed)、\(state)）"
        }
        let state = token.isExpired(at: now) ? "expired (\(expiry)), refused" : "expires \(expiry)"
        return "\(token.label) (created \(TimeText.minutes(token.createdAt)), last used \(lastUsed), \(state))"
    }
}
