import FluentKit
import Foundation
import Mail
import MadoguchiCore

/// How fast an evacuation alert reaches subscribers (issue 14, item 7): for each alert issued in a
/// period, the seconds from its issue (`issued_at`) to the first mail of its first message handed
/// to SMTP (the outbox's first `delivered` e-mail with the message's reference: `sent_at`, when the
/// relay answered 250). An alert none of whose mails has been delivered yet (no subscriber of its
/// areas, no SMTP relay) is not measured.
public enum AlertMailLatency {
    /// The measured delays, in seconds, in issue order.
    public static func seconds(municipalityID: UUID, from: Date, to: Date, on database: any Database) async throws -> [Double] {
        let alerts = try await EvacuationAlert.query(on: database).filter(\.$municipalityID == municipalityID)
            .filter(\.$issuedAt >= from).filter(\.$issuedAt < to).sort(\.$issuedAt).all()
        var delays: [Double] = []
        for alert in alerts {
            guard let first = try await AlertMessage.query(on: database).filter(\.$alertID == alert.requireID()).sort(\.$sequence).first(),
                  let delivered = try await MailOutbox.firstDelivered(
                    referencePrefix: NoticeSubscriptions.referencePrefix + "alert:" + first.requireID().uuidString.lowercased(),
                    channel: .email, municipalityID: municipalityID, on: database)
            else { continue }
            delays.append(max(0, delivered.timeIntervalSince(alert.issuedAt)))
        }
        return delays
    }

    /// The median (the mean of the two middle values for an even count); nil for none.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static let declarations: [IndicatorDeclaration] = [
        IndicatorDeclaration(
            id: "notices.alert_first_mail_median_seconds",
            title: LocalizedText(ja: "避難情報の発令から最初のメール送信までの時間（中央値）", en: "Alert issue to first mail handed to SMTP (median)"),
            unit: .seconds, kind: .outcome, direction: .lowerIsBetter,
            definition: LocalizedText(
                ja: "年度内に発令した避難情報ごとの、発令時刻から最初の配信メールがSMTPサーバーに受け付けられた時刻までの秒数の中央値（メールが1通も届いていない発令は除く）",
                en: "Median, over the alerts issued in the fiscal year, of the seconds from the issue to the first of its mails accepted by the SMTP relay (alerts none of whose mails was delivered are left out)"),
            source: LocalizedText(ja: "避難情報の発令記録と送信キュー（mail_outbox）", en: "The alerts' records and the outbox (mail_outbox)"),
            computation: .live { .measure(median(try await seconds(municipalityID: $0, from: $1.start(), to: $1.end(), on: $2))) },
            read: { .measure(median(try await seconds(municipalityID: $0, from: .distantPast, to: .distantFuture, on: $1))) }),
        IndicatorDeclaration(
            id: "notices.alert_first_mail_max_seconds",
            title: LocalizedText(ja: "避難情報の発令から最初のメール送信までの時間（最大）", en: "Alert issue to first mail handed to SMTP (maximum)"),
            unit: .seconds, kind: .outcome, direction: .lowerIsBetter,
            definition: LocalizedText(
                ja: "年度内に発令した避難情報ごとの、発令時刻から最初の配信メールがSMTPサーバーに受け付けられた時刻までの秒数の最大値（メールが1通も届いていない発令は除く）",
                en: "Maximum, over the alerts issued in the fiscal year, of the seconds from the issue to the first of its mails accepted by the SMTP relay (alerts none of whose mails was delivered are left out)"),
            source: LocalizedText(ja: "避難情報の発令記録と送信キュー（mail_outbox）", en: "The alerts' records and the outbox (mail_outbox)"),
            computation: .live { .measure(try await seconds(municipalityID: $0, from: $1.start(), to: $1.end(), on: $2).max()) },
            read: { .measure(try await seconds(municipalityID: $0, from: .distantPast, to: .distantFuture, on: $1).max()) }),
        IndicatorDeclaration(
            id: "notices.alert_first_mail_alerts",
            title: LocalizedText(ja: "最初のメール送信までの時間を測った避難情報の件数", en: "Alerts whose time to the first mail was measured"),
            unit: .count, kind: .activity, direction: .neutral,
            definition: LocalizedText(ja: "年度内に発令した避難情報のうち、配信メールが1通以上SMTPサーバーに受け付けられたものの件数（上の中央値・最大値の母数）",
                                      en: "Alerts issued in the fiscal year with at least one mail accepted by the SMTP relay (the count behind the median and maximum)"),
            source: LocalizedText(ja: "避難情報の発令記録と送信キュー（mail_outbox）", en: "The alerts' records and the outbox (mail_outbox)"),
            computation: .live { .count(try await seconds(municipalityID: $0, from: $1.start(), to: $1.end(), on: $2).count) },
            read: { .count(try await seconds(municipalityID: $0, from: .distantPast, to: .distantFuture, on: $1).count) }),
    ]
}
