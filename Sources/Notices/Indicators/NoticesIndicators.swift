import FluentKit
import Foundation
import MadoguchiCore

/// The notices' figures for the plan's indicators (情報発信): notices published per month of a
/// fiscal year, evacuation alerts issued, mail subscribers by category, and the time from an
/// alert's issue to its first mail handed to SMTP (`AlertMailLatency`).
enum NoticesIndicators {
    static let all: [IndicatorDeclaration] = [
        IndicatorDeclaration(
            id: "notices.published_by_month", title: LocalizedText(ja: "月別のお知らせ掲載数", en: "Notices published per month"),
            unit: .count, kind: .activity, direction: .higherIsBetter,
            definition: LocalizedText(ja: "年度内に初めて公開したお知らせの数（公開した月別、日本時間）",
                                      en: "Notices first published in the fiscal year, by month (Japan time)"),
            source: LocalizedText(ja: "お知らせの公開記録", en: "The notices' publication records"),
            computation: .live { .breakdown(try await NoticeFigures.publishedByMonth(municipalityID: $0, from: $1.start(), to: $1.end(), on: $2)) },
            read: { .breakdown(try await NoticeFigures.publishedByMonth(municipalityID: $0, from: .distantPast, to: .distantFuture, on: $1)) }),
        IndicatorDeclaration(
            id: "notices.alerts_issued", title: LocalizedText(ja: "避難情報の発令件数", en: "Evacuation alerts issued"),
            unit: .count, kind: .activity, direction: .lowerIsBetter,
            definition: LocalizedText(ja: "年度内に発令した避難情報（警戒レベル3〜5）の件数", en: "Evacuation alerts (levels 3–5) issued in the fiscal year"),
            source: LocalizedText(ja: "避難情報の発令記録", en: "The alerts' records"),
            computation: .live { .count(try await NoticeFigures.alertsIssued(municipalityID: $0, from: $1.start(), to: $1.end(), on: $2)) },
            read: { .count(try await NoticeFigures.alertsIssued(municipalityID: $0, from: .distantPast, to: .distantFuture, on: $1)) }),
        IndicatorDeclaration(
            id: "notices.subscribers_by_category", title: LocalizedText(ja: "分類別のメール配信登録者数", en: "Mail subscribers by category"),
            unit: .count, kind: .outcome, direction: .higherIsBetter,
            definition: LocalizedText(ja: "年度末（当年度は現在）に配信中のメール配信登録者数（確認済み、分類別。複数の分類を選んだ登録者は各分類に数える）",
                                      en: "Confirmed mail subscribers at the end of the fiscal year (now for the current year), by category; one subscriber counts under each category chosen"),
            source: LocalizedText(ja: "メール配信サービスの登録記録", en: "The mail subscriptions"),
            computation: .live { .breakdown(try await SubscriptionFigures.subscribersByCategory(municipalityID: $0, at: min(Date(), $1.end()), on: $2)) },
            read: { .breakdown(try await SubscriptionFigures.subscribersByCategory(municipalityID: $0, at: Date(), on: $1)) }),
    ] + AlertMailLatency.declarations
}

/// Reads behind the notices' indicators.
public enum NoticeFigures {
    /// Notices first published in `[from, to)`, counted per `YYYY-MM` in Japan time.
    public static func publishedByMonth(municipalityID: UUID, from: Date, to: Date, on database: any Database) async throws -> [String: Int] {
        let notices = try await Notice.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$state == .published)
            .filter(\.$publishedAt >= from).filter(\.$publishedAt < to).all()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = NoticeInputParsing.japan
        var counts: [String: Int] = [:]
        for notice in notices {
            guard let at = notice.publishedAt else { continue }
            let c = calendar.dateComponents([.year, .month], from: at)
            counts[String(format: "%04d-%02d", c.year!, c.month!), default: 0] += 1
        }
        return counts
    }

    /// Alerts issued in `[from, to)`.
    public static func alertsIssued(municipalityID: UUID, from: Date, to: Date, on database: any Database) async throws -> Int {
        try await EvacuationAlert.query(on: database).filter(\.$municipalityID == municipalityID)
            .filter(\.$issuedAt >= from).filter(\.$issuedAt < to).count()
    }
}
