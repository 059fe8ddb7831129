import Audit
import Foundation
import MadoguchiCore
import Plot

/// The audit-log browser: a GET filter form (bookmarkable, no personal data in it) and a table.
enum StaffAuditPage {
    static func render(entries: [AuditEntry], query: StaffAuditController.Query, pageSize: Int, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/audit"
        let filters: [(String, LocalizedText, String?)] = [
            ("action", LocalizedText(ja: "操作（前方一致）", en: "Action (prefix)"), query.action),
            ("actor", LocalizedText(ja: "操作者", en: "Actor"), query.actor),
            ("target", LocalizedText(ja: "対象ID", en: "Target id"), query.target),
            ("from", LocalizedText(ja: "開始日（YYYY-MM-DD）", en: "From (YYYY-MM-DD)"), query.from),
            ("until", LocalizedText(ja: "終了日（YYYY-MM-DD）", en: "Until (YYYY-MM-DD)"), query.until),
        ]
        let queryString = filters.compactMap { name, _, value in
            value.flatMap { $0.isEmpty ? nil : "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")" }
        }.joined(separator: "&")
        let headers = [LocalizedText(ja: "番号", en: "Seq"), LocalizedText(ja: "日時", en: "Time"),
                       LocalizedText(ja: "操作者", en: "Actor"), LocalizedText(ja: "操作", en: "Action"),
                       LocalizedText(ja: "対象", en: "Target"), LocalizedText(ja: "詳細", en: "Details"),
                       LocalizedText(ja: "接続元", en: "Origin")]
        let olderLink = base + "?" + (queryString.isEmpty ? "" : queryString + "&") + "before=\(entries.last?.sequence ?? 0)"
        return Layout.page(
            title: context.t(UIStrings.auditLog), context: context,
            .form(.method(.get), .attr("action", base), .attr("class", "filters"),
                  .forEach(filters) { name, label, value in
                      FormFields.text(name, label: label.text(l), value: value ?? "", context: context, required: false)
                  },
                  FormFields.submit(context.t(UIStrings.filter))),
            .p(.a(.attr("href", base + ".csv" + (queryString.isEmpty ? "" : "?" + queryString)), .text(context.t(UIStrings.downloadCSV)))),
            .div(.attr("class", "table-scroll"), .attr("tabindex", "0"),
                 .attr("role", "region"), .attr("aria-label", context.t(UIStrings.auditLog)),
                 .table(
                    .caption(.text(l == .ja ? "新しい順に\(entries.count)件" : "\(entries.count) entries, newest first")),
                    .thead(.tr(.forEach(headers) { .th(.attr("scope", "col"), .text($0.text(l))) })),
                    .tbody(.forEach(entries) { e in
                        .tr(.td(.text(String(e.sequence))), .td(.text(TimeText.seconds(e.occurredAt))),
                            .td(.text(e.actor)), .td(.text(e.action)),
                            .td(.text([e.targetType, e.targetID].compactMap { $0 }.joined(separator: " "))),
                            .td(.text(e.details == "{}" ? "" : e.details)),
                            .td(.text(e.ipAddress ?? "")))
                    }))),
            .if(entries.count == pageSize, .p(.a(.attr("href", olderLink), .text(l == .ja ? "さらに古い記録" : "Older entries"))))
        )
    }
}
