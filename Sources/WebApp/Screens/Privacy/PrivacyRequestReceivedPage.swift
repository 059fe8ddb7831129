import MadoguchiCore
import Plot

/// `/{code}/privacy/requests/received`: the resident's acknowledgement of a disclosure request.
enum PrivacyRequestReceivedPage {
    static func render(reference: String, context: PageContext) -> HTML {
        return Layout.page(
            title: context.t(LocalizedText(ja: "請求を受け付けました", en: "Your request was received")), context: context,
            .p(.attr("class", "notice"), .attr("role", "status"), .text(context.t(LocalizedText(
                ja: "受付番号 \(reference.uppercased())。決定は受付の日から30日以内（事情により延長する場合は書面でお知らせします）に、ご指定の連絡先へお知らせします。",
                en: "Reference \(reference.uppercased()). We will decide within 30 days of receipt (if we must extend, we will tell you in writing).")))),
            .p(.text(context.t(LocalizedText(
                ja: "本人確認のため、窓口または郵送で本人確認書類の提示をお願いする場合があります。",
                en: "We may ask you to show identification at the counter or by post."))))
        )
    }
}
