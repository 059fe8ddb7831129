import Foundation
import MadoguchiCore
import Notices
import Plot

/// `/{code}/alerts`: the current evacuation alerts, big and plain, with their CAP messages.
enum AlertsPage {
    static func render(messages: [AlertMessage], areas: [NoticeArea], context: PageContext) -> HTML {
        let code = context.municipalityCode ?? ""
        let l = context.language
        let names = Dictionary(areas.map { ($0.code, l == .ja ? $0.name : $0.nameEnglish) }, uniquingKeysWith: { a, _ in a })
        return Layout.page(
            title: context.t(LocalizedText(ja: "避難情報", en: "Evacuation alerts")), context: context,
            messages.isEmpty ? .p(.text(context.t(LocalizedText(ja: "現在、発令中の避難情報はありません。", en: "No evacuation alert is in force.")))) :
                .ul(.attr("class", "alert-list"), .forEach(messages) { m in
                    let level = AlertLevel(rawValue: m.level)
                    let lifted = m.issuance == AlertIssuance.lift.rawValue
                    return .li(.h2(.text((level.map { context.t($0.label) } ?? "") + (lifted ? context.t(LocalizedText(ja: " 解除", en: " lifted")) : ""))),
                               .p(.text(context.t(LocalizedText(ja: "対象地区：", en: "Areas: ")) +
                                        AreaCodes.decode(m.areaCodesText).map { names[$0] ?? $0 }.joined(separator: l == .ja ? "、" : ", "))),
                               .p(.text(context.t(LocalizedText(ja: "発表：", en: "Sent: ")) + TimeText.minutes(m.sent))),
                               .p(.a(.attr("href", "/\(code)/alerts/cap/\(m.id!.uuidString.lowercased()).xml"), .attr("type", "application/cap+xml"),
                                     .text(context.t(LocalizedText(ja: "CAP形式のデータ", en: "CAP message"))))))
                }),
            .p(.a(.attr("href", "/\(code)/alerts/cap.atom"), .attr("type", "application/atom+xml"),
                  .text(context.t(LocalizedText(ja: "CAPメッセージの一覧（Atom）", en: "Index of CAP messages (Atom)")))))
        )
    }
}
