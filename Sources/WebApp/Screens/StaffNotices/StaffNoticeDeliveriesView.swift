import Mail
import MadoguchiCore
import Plot

/// The section of the staff notice page that shows how a notice's mails (and webhook messages)
/// stand, counted by status in GOV.UK Notify's vocabulary: counts only, never a recipient. The
/// counts come from `MailOutbox.statusCounts(referencePrefix:municipalityID:on:)`.
enum StaffNoticeDeliveriesView {
    static func label(_ status: DeliveryStatus) -> LocalizedText {
        switch status {
        case .created: return LocalizedText(ja: "送信待ち", en: "Created (waiting)")
        case .sending: return LocalizedText(ja: "送信中", en: "Sending")
        case .delivered: return LocalizedText(ja: "配信済み", en: "Delivered")
        case .permanentFailure: return LocalizedText(ja: "配信不能（宛先が拒否）", en: "Permanent failure (refused)")
        case .temporaryFailure: return LocalizedText(ja: "一時的な失敗（再送します）", en: "Temporary failure (retried)")
        case .technicalFailure: return LocalizedText(ja: "技術的な失敗（再送します）", en: "Technical failure (retried)")
        }
    }

    /// Nothing when the notice was never sent to anyone (no message counted). One column per
    /// channel (mail, webhook), one row per status.
    static func section(_ counts: [DeliveryChannel: [DeliveryStatus: Int]], context: PageContext) -> Node<HTML.BodyContext> {
        let total = counts.values.flatMap(\.values).reduce(0, +)
        guard total > 0 else { return .empty }
        let channels = DeliveryChannel.allCases
        return .section(
            .h2(.text(context.t(LocalizedText(ja: "配信の状況", en: "Delivery status")))),
            .table(.caption(.text(context.t(LocalizedText(ja: "状態別の件数（全\(total)件）", en: "Messages by status (\(total) in all)")))),
                   .thead(.tr(.th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "状態", en: "Status")))),
                              .forEach(channels) { .th(.attr("scope", "col"), .text(context.t(channelLabel($0)))) })),
                   .tbody(.forEach(DeliveryStatus.allCases) { status in
                       .tr(.th(.attr("scope", "row"), .text(context.t(label(status)))),
                           .forEach(channels) { .td(.text(String(counts[$0]?[status] ?? 0))) })
                   })))
    }

    static func channelLabel(_ channel: DeliveryChannel) -> LocalizedText {
        switch channel {
        case .email: return LocalizedText(ja: "メール", en: "Mail")
        case .webhook: return LocalizedText(ja: "Webhook", en: "Webhook")
        }
    }
}
