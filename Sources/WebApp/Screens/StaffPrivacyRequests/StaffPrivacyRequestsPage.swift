import Foundation
import MadoguchiCore
import Plot
import Privacy

/// The privacy officer's queue and request pages.
enum StaffPrivacyRequestsPage {
    struct Row {
        let id: UUID
        let reference: String
        let kind: PrivacyRequestKind?
        let received: String
        let due: CivilDate?
        let status: PrivacyRequestStatus?
        let decision: PrivacyRequestDecision?
    }

    static func statusLabel(_ status: PrivacyRequestStatus?) -> String {
        switch status {
        case .received: return "審査中"
        case .awaitingCorrection: return "補正中"
        case .decided: return "決定済み"
        case .withdrawn: return "取下げ"
        case nil: return "—"
        }
    }

    static func queue(rows: [Row], statistics: PrivacyRequestStatistics, today: CivilDate, context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/staff/privacy/requests"
        return Layout.page(
            title: context.t(LocalizedText(ja: "開示請求等の受付一覧", en: "Disclosure requests")), context: context,
            .p(.a(.attr("href", base + "/new"), .text(context.t(LocalizedText(ja: "紙の請求書を登録する", en: "Enter a paper request"))))),
            .h2(.text("\(statistics.fiscalYear.warekiLabel)の件数（開示請求数等）")),
            .ul(.forEach(PrivacyRequestKind.allCases) { kind in .li(.text("\(kind.label)：\(statistics.received[kind] ?? 0)件")) },
                .li(.text("期限後の決定：\(statistics.late)件"))),
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(context.t(LocalizedText(ja: "請求（決定期限つき）", en: "Requests with their legal deadlines")))),
                .thead(.tr(.forEach(["受付番号", "種類", "受付日", "決定期限", "状況"]) { .th(.attr("scope", "col"), .text($0)) })),
                .tbody(.forEach(rows) { row in
                    let overdue = row.status != .decided && (row.due.map { $0 < today } ?? false)
                    return .tr(.td(.a(.attr("href", "\(base)/\(row.id.uuidString.lowercased())"), .text(row.reference.uppercased()))),
                               .td(.text(row.kind?.label ?? "—")),
                               .td(.text(row.received)),
                               .td(.text(row.due.map { Wareki.format($0) } ?? "—"), overdue ? .strong(.text("（期限超過）")) : .empty),
                               .td(.text(statusLabel(row.status) + (row.decision.map { "（\($0.label(for: row.kind ?? .disclosure))）" } ?? ""))))
                })))
        )
    }

    struct Detail {
        let request: PrivacyRequest
        let reference: String
        let requester: PrivacyRequestService.Requester
        let subject: String
        let due: CivilDate?
        let records: [(PersonalRecordMatch, String)]
        let notices: [(String, String)]
        let problems: [FieldProblem]
    }

    static func detail(_ model: Detail, context: PageContext) -> HTML {
        let r = model.request
        let kind = r.requestKind ?? .disclosure
        let action = "/\(context.municipalityCode ?? "")/staff/privacy/requests/\(r.id!.uuidString.lowercased())"
        let open = r.decision == nil
        return Layout.page(
            title: "\(kind.label) \(model.reference.uppercased())", context: context,
            Layout.problems(model.problems, context: context),
            .dl(.dt(.text("請求者")), .dd(.text(model.requester.name)),
                .dt(.text("住所")), .dd(.text(model.requester.address)),
                .dt(.text("連絡先")), .dd(.text(model.requester.contact ?? "—")),
                .dt(.text("請求の内容")), .dd(.text(model.subject)),
                .dt(.text("受付日")), .dd(.text(CivilDate(iso: r.receivedOn).map { Wareki.format($0) } ?? r.receivedOn)),
                .dt(.text("決定期限")), .dd(.text(model.due.map { Wareki.format($0) } ?? "—"),
                                          .text(r.extensionNoticeOn == nil ? "（受付から30日）" : "（延長済み：さらに30日）"),
                                          .text(r.correctionDays > 0 ? "（補正\(r.correctionDays)日を除く）" : "")),
                .dt(.text("状況")), .dd(.text(statusLabel(r.requestStatus)))),
            .h2(.text("請求者の個人情報（各ファイルから検索）")),
            model.records.isEmpty ? .p(.text("該当する記録は見つかりませんでした。")) :
            .ul(.forEach(model.records) { match, fileName in
                .li(.text("\(fileName)：\(match.reference) \(match.summary)"))
            }),
            .forEach(model.notices) { title, text in
                .section(.attr("class", "paper-form"), .h2(.text(title)), .pre(.attr("class", "notice-text"), .text(text)))
            },
            open ? .group(
                .h2(.text("決定")),
                .form(.method(.post), .attr("action", action + "/decide"), Layout.csrfField(context),
                      .div(.attr("class", "field"), .label(.attr("for", "decision"), .text("決定の内容")),
                           .select(.attr("id", "decision"), .attr("name", "decision"),
                                   .forEach(PrivacyRequestDecision.allCases) { FormFields.option(value: $0.rawValue, label: $0.label(for: kind)) })),
                      .div(.attr("class", "field"), .label(.attr("for", "grounds"), .text("理由（全部開示以外は必須）")),
                           .unwrap(model.problems.first { $0.field == "grounds" }) { p in .p(.attr("class", "field-problem"), .text(context.t(p.message))) },
                           .textarea(.attr("id", "grounds"), .attr("name", "grounds"), .attr("rows", "4"))),
                      FormFields.text("on", label: "決定日（空欄は今日）", context: context, required: false),
                      FormFields.submit("決定を記録する")),
                r.extensionNoticeOn == nil ? .group(
                    .h2(.text("決定期間の延長（30日）")),
                    .form(.method(.post), .attr("action", action + "/extend"), Layout.csrfField(context),
                          .div(.attr("class", "field"), .label(.attr("for", "reason"), .text("延長の理由（通知書に記載）")),
                               .unwrap(model.problems.first { $0.field == "reason" }) { p in .p(.attr("class", "field-problem"), .text(context.t(p.message))) },
                               .textarea(.attr("id", "reason"), .attr("name", "reason"), .attr("rows", "3"))),
                          FormFields.text("on", label: "通知日（空欄は今日）", context: context, required: false, id: "extension-on"),
                          FormFields.submit("延長を記録し通知書を作成する"))) : .empty,
                .h2(.text("補正")),
                .form(.method(.post), .attr("action", action + (r.requestStatus == .awaitingCorrection ? "/correction-end" : "/correction-start")),
                      Layout.csrfField(context),
                      FormFields.submit(r.requestStatus == .awaitingCorrection ? "補正の終了を記録する" : "補正を求めたことを記録する（期限の計算を止める）"))
            ) : .empty
        )
    }
}
