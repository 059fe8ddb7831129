import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// The outbox's figure for the plan's indicators (issue 14, item 7): the delivery success rate.
/// The time from an alert's issue to its first mail handed to SMTP is the Notices module's (it
/// knows when the alert was issued), read with `MailOutbox.firstDelivered(referencePrefix:channel:…)`.
enum MailIndicators {
    static let all: [IndicatorDeclaration] = [
        IndicatorDeclaration(
            id: "mail.delivery_success_rate", title: LocalizedText(ja: "メール等の配信成功率", en: "Delivery success rate"),
            unit: .percent, kind: .outcome, direction: .higherIsBetter,
            definition: LocalizedText(
                ja: "年度内に作成した送信メッセージ（メール・Webhook）のうち、結果の出たものに占める配信済みの割合（配信済み ÷（配信済み＋配信不能＋再送を使い切った失敗）× 100。送信待ち・再送予定は除く）",
                en: "Of the messages (mail, webhook) created in the fiscal year that have an outcome, the share delivered: delivered ÷ (delivered + permanent failures + failures that used up their retries) × 100; waiting and retrying ones left out"),
            source: LocalizedText(ja: "送信キュー（mail_outbox）の状態", en: "The outbox's statuses (mail_outbox)"),
            computation: .live { .measure(try await MailOutbox.successRate(municipalityID: $0, from: $1.start(), to: $1.end(), on: $2)) },
            read: { .measure(try await MailOutbox.successRate(municipalityID: $0, from: .distantPast, to: .distantFuture, on: $1)) }),
    ]
}

extension MailOutbox {
    /// Delivered ÷ finished × 100 for messages created in `[from, to)`; nil when none has finished.
    public static func successRate(municipalityID: UUID, from: Date, to: Date, on database: any Database) async throws -> Double? {
        let sql = try database.sql(for: "the mail outbox")
        let row = try await sql.raw("""
            SELECT SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END) AS delivered, \
            SUM(CASE WHEN status = 'permanent-failure' OR (status IN ('temporary-failure', 'technical-failure') \
            AND attempts >= \(unsafeRaw: String(maxAttempts))) THEN 1 ELSE 0 END) AS failed \
            FROM \(ident: OutboxMessage.schema) WHERE municipality_id = \(bind: municipalityID) \
            AND created_at >= \(bind: from) AND created_at < \(bind: to)
            """).first()
        let delivered = try row?.decodeNil(column: "delivered") == false ? try row!.decode(column: "delivered", as: Int.self) : 0
        let failed = try row?.decodeNil(column: "failed") == false ? try row!.decode(column: "failed", as: Int.self) : 0
        guard delivered + failed > 0 else { return nil }
        return Double(delivered) / Double(delivered + failed) * 100
    }

    /// When the first message whose reference starts with `referencePrefix` (of `channel`, or of
    /// any channel) was accepted by the receiver (SMTP 250, a webhook's 2xx); nil while none has been.
    public static func firstDelivered(referencePrefix: String, channel: DeliveryChannel? = nil, municipalityID: UUID,
                                      on database: any Database) async throws -> Date? {
        try OutboxReference.check(referencePrefix, field: "reference prefix")
        let sql = try database.sql(for: "the mail outbox")
        let column = referenceColumn(sql)
        var query: SQLQueryString = """
            SELECT sent_at FROM \(ident: OutboxMessage.schema) WHERE municipality_id = \(bind: municipalityID) \
            AND \(unsafeRaw: column) >= \(bind: referencePrefix) AND \(unsafeRaw: column) < \(bind: referencePrefix + "~") \
            AND sent_at IS NOT NULL
            """
        if let channel { query = query + " AND channel = \(bind: channel.rawValue)" }
        let row = try await sql.raw(query + " ORDER BY sent_at LIMIT 1").first()
        return try row?.decode(column: "sent_at", as: Date.self)
    }
}
