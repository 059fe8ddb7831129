import Counter
import MadoguchiCore
import Plot
@testable import WebApp

/// Today's checklist view as it was written with Plot's nodes before `ChecklistView` moved to
/// `HTMLWriter`, kept only as the reference `ChecklistViewBytesTests` compares the bytes with. Text goes
/// through `HTMLEscaping.text` as the views' `Node.text` does.
enum PlotChecklistReference {
    /// `onlineForms`: procedure id → the id of its online application form here, if any.
    /// `resident`: at the assisted counter, the basic four items the form's fields may take (once-only).
    static func render(_ checklist: Checklist, onlineForms: [String: String] = [:], resident: BasicFourItems? = nil,
                       context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        let required = checklist.required.count, toCheck = checklist.toCheck.count
        return .div(.attr("id", "checklist"), .attr("class", "checklist"),
            .p(.attr("class", "lead"), .raw(HTMLEscaping.text(context.t(LocalizedText(
                ja: "\(checklist.eventName)（\(ChecklistView.date(checklist.eventDate, l))）の手続きは、必要なものが\(required)件、確認が必要なものが\(toCheck)件です。",
                en: "\(required) procedure(s) apply and \(toCheck) need checking for this \(checklist.event) (\(ChecklistView.date(checklist.eventDate, l)))."))))),
            .h2(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "期限の近い順", en: "By deadline"))))),
            .ol(.attr("class", "by-deadline"), .forEach(checklist.procedures) { item in
                .li(.a(.attr("href", "#p-\(item.id)"), .raw(HTMLEscaping.text(item.name))), .raw(HTMLEscaping.text("　")),
                    .raw(HTMLEscaping.text(ChecklistView.deadlineText(item, l))), .raw(HTMLEscaping.text("（\(item.counter.name)）")),
                    item.status == .toCheck ? .strong(.attr("class", "status to-check"), .raw(HTMLEscaping.text(context.t(ChecklistView.statusLabel(.toCheck))))) : .empty)
            }),
            .forEach(checklist.counters) { visit in
                .section(.attr("class", "counter-visit"),
                    .h2(.raw(HTMLEscaping.text("\(visit.order). \(visit.counter.name)")), visit.external ? .small(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "（市役所の外）", en: " (outside city hall)"))))) : .empty),
                    .p(.attr("class", "where"), .raw(HTMLEscaping.text("\(visit.counter.department)・\(visit.counter.location)"))),
                    .forEach(visit.procedureIDs.compactMap { checklist.item($0) }) { item in
                        procedure(item, onlineForm: onlineForms[item.id], eventDate: checklist.eventDate, resident: resident, context: context)
                    })
            })
    }

    static func procedure(_ item: ChecklistItem, onlineForm: String? = nil, eventDate: CivilDate? = nil, resident: BasicFourItems? = nil,
                          context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        return .article(.attr("id", "p-\(item.id)"), .attr("class", item.status == .required ? "procedure" : "procedure to-check"),
            .h3(.raw(HTMLEscaping.text(item.name)), .raw(HTMLEscaping.text(" ")), .strong(.attr("class", "status"), .raw(HTMLEscaping.text("［\(context.t(ChecklistView.statusLabel(item.status)))］")))),
            .unwrap(onlineForm) { form in
                // A POST, so the event date the resident already gave fills the form (once-only) without entering a URL.
                .form(.attr("class", "online"), .method(.post), .attr("action", "/\(context.municipalityCode ?? "")/forms/\(form)/prefill"),
                      .input(.type(.hidden), .attr("name", "event_date"), .attr("value", eventDate?.description ?? "")),
                      .unwrap(resident) { r in
                          .group(.input(.type(.hidden), .attr("name", "resident_name"), .attr("value", r.name)),
                                 .input(.type(.hidden), .attr("name", "resident_address"), .attr("value", r.address)),
                                 .input(.type(.hidden), .attr("name", "resident_birth_date"), .attr("value", r.birthDate.description)))
                      },
                      .button(.type(.submit), .raw(HTMLEscaping.text(context.t(LocalizedText(ja: "この手続はここからオンラインで申請できます（入力した日付を引き継ぎます）",
                                                                             en: "Apply for this online here (the date you gave is carried over)"))))))
            },
            .dl(
                .dt(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "期限", en: "Deadline"))))),
                .dd(.raw(HTMLEscaping.text(ChecklistView.deadlineText(item, l))),
                    .unwrap(item.deadlineDescription) { .raw(HTMLEscaping.text("（\($0)）")) },
                    item.deadlinePassed ? .strong(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "　期限を過ぎています。お早めに窓口へご相談ください。",
                                                                               en: " The deadline has passed; please contact the counter soon."))))) : .empty,
                    item.deadlineApproximate ? .raw(HTMLEscaping.text(context.t(LocalizedText(ja: "（きっかけの日から計算した目安）", en: " (estimated from the event date)")))) : .empty),
                .dt(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "この手続きが表示されている理由", en: "Why it is listed"))))),
                .dd(.raw(HTMLEscaping.text(item.reason)),
                    .if(!item.unknownFacts.isEmpty, .ul(.forEach(item.unknownFacts) { fact in
                        .li(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "確認すること：", en: "To check: ")) + fact.question)))
                    }))),
                .unwrap(item.counterNote) { note in .group(.dt(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "窓口について", en: "About the counter"))))), .dd(.raw(HTMLEscaping.text(note)))) },
                .dt(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "持ち物", en: "What to bring"))))),
                .dd(item.itemsToBring.isEmpty ? .raw(HTMLEscaping.text(context.t(LocalizedText(ja: "特にありません", en: "Nothing in particular"))))
                    : .ul(.forEach(item.itemsToBring) { bring in
                        .li(.raw(HTMLEscaping.text(bring.name)), .unwrap(bring.note) { .raw(HTMLEscaping.text("（\($0)）")) },
                            bring.conditional ? .raw(HTMLEscaping.text(context.t(LocalizedText(ja: "【該当する場合】", en: " [if applicable]")))) : .empty)
                    })),
                .dt(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "手続きの方法", en: "How to apply"))))),
                .dd(.ul(.forEach(item.channels) { channel in
                    .li(.raw(HTMLEscaping.text(context.t(ChecklistView.channelLabel(channel.kind)))),
                        .unwrap(channel.url) { url in .group(.raw(HTMLEscaping.text("：")), .a(.attr("href", url), .raw(HTMLEscaping.text(context.t(LocalizedText(ja: "オンライン申請へ", en: "Apply online")))))) },
                        .unwrap(channel.note) { .raw(HTMLEscaping.text("（\($0)）")) })
                })),
                .dt(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "手数料", en: "Fee"))))),
                .dd(.raw(HTMLEscaping.text(item.feeYen == 0 ? context.t(LocalizedText(ja: "無料", en: "Free")) : "\(item.feeYen)円"))),
                .dt(.raw(HTMLEscaping.text(context.t(LocalizedText(ja: "根拠", en: "Legal basis"))))),
                .dd(.raw(HTMLEscaping.text(item.legalBasis)))
            ),
            .if(!item.notes.isEmpty, .ul(.attr("class", "notes"), .forEach(item.notes) { .li(.raw(HTMLEscaping.text($0))) })))
    }

}
