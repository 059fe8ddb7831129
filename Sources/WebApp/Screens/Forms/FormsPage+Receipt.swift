import Forms
import Foundation
import MadoguchiCore
import Plot

/// The receipt (受付番号 and, once, the secret), the answer to a replayed submission and the
/// one-time re-issue of the secret (`FormSubmissions.reissueSecret`).
extension FormsPage {
    static func receipt(_ receipt: FormSubmissions.Receipt, form: FormDefinition, idempotencyKey: String, context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/forms"
        let reissued = receipt.replayed && receipt.secret != nil
        return Layout.page(
            title: context.t(LocalizedText(ja: "申請を受け付けました", en: "Application received")), context: context,
            .div(.attr("class", "notice"), .attr("role", "status"),
                 .p(.text(context.t(LocalizedText(ja: "受付番号：", en: "Receipt number: "))), .strong(.attr("id", "receipt-number"), .text(receipt.receiptNumber))),
                 .unwrap(receipt.secret) { secret in
                     .p(.text(context.t(LocalizedText(ja: "確認用の番号：", en: "Secret: "))), .strong(.attr("id", "receipt-secret"), .text(secret)))
                 }),
            .p(.text(context.t(reissued ? reissuedText : receipt.replayed ? replayedText
                : LocalizedText(ja: "受付番号と確認用の番号を控えてください。状況の確認に使います。確認用の番号は二度と表示されません。",
                                en: "Keep both numbers to check the status; the secret is not shown again.")))),
            receipt.replayed && receipt.secret == nil
                ? (receipt.reissuable ? reissueOffer(form: form, idempotencyKey: idempotencyKey, context: context) : .p(.attr("id", "recover-access"), .text(context.t(askTheCounter))))
                : .empty,
            .unwrap(receipt.secret) { secret in
                .form(.method(.post), .attr("action", base + "/status"), Layout.csrfField(context),
                      .input(.type(.hidden), .attr("name", "receipt_number"), .attr("value", receipt.receiptNumber)),
                      .input(.type(.hidden), .attr("name", "secret"), .attr("value", secret)),
                      FormFields.submit(context.t(LocalizedText(ja: "この番号で申請の状況を確認する", en: "Check the status with these numbers"))))
            },
            .p(.a(.attr("href", base + "/status"), .text(context.t(LocalizedText(ja: "申請の状況を確認する", en: "Check the status")))))
        )
    }

    /// A re-issue that was not allowed (another browser, or the allowance was used): nothing about the application.
    static func reissueRefused(context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "確認用の番号を発行できませんでした", en: "No new secret could be issued")), context: context,
            .p(.attr("class", "notice"), .attr("role", "alert"), .text(context.t(LocalizedText(
                ja: "確認用の番号の再発行は、申請を送信したブラウザから一度だけできます。",
                en: "A new secret can be issued only once, and only to the browser the application was sent from.")))),
            .p(.attr("id", "recover-access"), .text(context.t(askTheCounter))),
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/forms"), .text(context.t(LocalizedText(ja: "オンライン申請の一覧へ", en: "All online forms")))))
        )
    }

    static func reissueOffer(form: FormDefinition, idempotencyKey: String, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.method(.post), .attr("action", "/\(context.municipalityCode ?? "")/forms/\(form.id)/reissue"), Layout.csrfField(context),
              .p(.attr("id", "recover-access"), .text(context.t(LocalizedText(
                ja: "確認用の番号を控えていない場合は、このブラウザから一度だけ、新しい確認用の番号を発行できます。発行すると、前の確認用の番号は使えなくなります。",
                en: "If you did not keep the secret, this browser can issue a new one, once. The earlier secret then stops working.")))),
              .input(.type(.hidden), .attr("name", "idempotency_key"), .attr("value", idempotencyKey)),
              FormFields.submit(context.t(LocalizedText(ja: "新しい確認用の番号を発行する", en: "Issue a new secret"))))
    }

    static let replayedText = LocalizedText(ja: "この申請はすでに受け付けています（二重送信にはなっていません）。",
                                            en: "This application was already received (no duplicate was made).")
    static let reissuedText = LocalizedText(
        ja: "新しい確認用の番号を発行しました。前の確認用の番号は使えなくなりました。受付番号と一緒に控えてください。この番号は二度と表示されません。",
        en: "A new secret was issued; the earlier one no longer works. Keep it with the receipt number: it is not shown again.")
    static let askTheCounter = LocalizedText(
        ja: "確認用の番号は安全のため再表示できません。お手元にない場合は、受付番号を控えて市役所の担当窓口へお問い合わせください。窓口で本人確認のうえ、申請の状況をお知らせします。",
        en: "For your safety the secret cannot be shown again. If you do not have it, contact the city office's counter with your receipt number; "
            + "after checking your identity, staff will tell you the status of your application.")
}
