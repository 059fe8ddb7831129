import Counter
import MadoguchiCore
import Plot

/// A checklist as HTML, shared by the resident's result page and the assisted counter: a short list
/// by deadline, then one section per counter in visiting order with what to do there, by when,
/// what to bring and why. Dates print in 和暦 with the weekday, as on the city's letters.
enum ChecklistView {
    /// `onlineForms`: procedure id → the id of its online application form here, if any.
    /// `resident`: at the assisted counter, the basic four items the form's fields may take (once-only).
    static func render(_ checklist: Checklist, onlineForms: [String: String] = [:], resident: BasicFourItems? = nil,
                       context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        let required = checklist.required.count, toCheck = checklist.toCheck.count
        return .div(.attr("id", "checklist"), .attr("class", "checklist"),
            .p(.attr("class", "lead"), .text(context.t(LocalizedText(
                ja: "\(checklist.eventName)（\(date(checklist.eventDate, l))）の手続きは、必要なものが\(required)件、確認が必要なものが\(toCheck)件です。",
                en: "\(required) procedure(s) apply and \(toCheck) need checking for this \(checklist.event) (\(date(checklist.eventDate, l))).")))),
            .h2(.text(context.t(LocalizedText(ja: "期限の近い順", en: "By deadline")))),
            .ol(.attr("class", "by-deadline"), .forEach(checklist.procedures) { item in
                .li(.a(.attr("href", "#p-\(item.id)"), .text(item.name)), .text("　"),
                    .text(deadlineText(item, l)), .text("（\(item.counter.name)）"),
                    item.status == .toCheck ? .strong(.attr("class", "status to-check"), .text(context.t(statusLabel(.toCheck)))) : .empty)
            }),
            .forEach(checklist.counters) { visit in
                .section(.attr("class", "counter-visit"),
                    .h2(.text("\(visit.order). \(visit.counter.name)"), visit.external ? .small(.text(context.t(LocalizedText(ja: "（市役所の外）", en: " (outside city hall)")))) : .empty),
                    .p(.attr("class", "where"), .text("\(visit.counter.department)・\(visit.counter.location)")),
                    .forEach(visit.procedureIDs.compactMap { checklist.item($0) }) { item in
                        procedure(item, onlineForm: onlineForms[item.id], eventDate: checklist.eventDate, resident: resident, context: context)
                    })
            })
    }

    static func procedure(_ item: ChecklistItem, onlineForm: String? = nil, eventDate: CivilDate? = nil, resident: BasicFourItems? = nil,
                          context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        return .article(.attr("id", "p-\(item.id)"), .attr("class", item.status == .required ? "procedure" : "procedure to-check"),
            .h3(.text(item.name), .text(" "), .strong(.attr("class", "status"), .text("［\(context.t(statusLabel(item.status)))］"))),
            .unwrap(onlineForm) { form in
                // A POST, so the event date the resident already gave fills the form (once-only) without entering a URL.
                .form(.attr("class", "online"), .method(.post), .attr("action", "/\(context.municipalityCode ?? "")/forms/\(form)/prefill"),
                      .input(.type(.hidden), .attr("name", "event_date"), .attr("value", eventDate?.description ?? "")),
                      .unwrap(resident) { r in
                          .group(.input(.type(.hidden), .attr("name", "resident_name"), .attr("value", r.name)),
                                 .input(.type(.hidden), .attr("name", "resident_address"), .attr("value", r.address)),
                                 .input(.type(.hidden), .attr("name", "resident_birth_date"), .attr("value", r.birthDate.description)))
                      },
                      .button(.type(.submit), .text(context.t(LocalizedText(ja: "この手続はここからオンラインで申請できます（入力した日付を引き継ぎます）",
                                                                             en: "Apply for this online here (the date you gave is carried over)")))))
            },
            .dl(
                .dt(.text(context.t(LocalizedText(ja: "期限", en: "Deadline")))),
                .dd(.text(deadlineText(item, l)),
                    .unwrap(item.deadlineDescription) { .text("（\($0)）") },
                    item.deadlinePassed ? .strong(.text(context.t(LocalizedText(ja: "　期限を過ぎています。お早めに窓口へご相談ください。",
                                                                               en: " The deadline has passed; please contact the counter soon.")))) : .empty,
                    item.deadlineApproximate ? .text(context.t(LocalizedText(ja: "（きっかけの日から計算した目安）", en: " (estimated from the event date)"))) : .empty),
                .dt(.text(context.t(LocalizedText(ja: "この手続きが表示されている理由", en: "Why it is listed")))),
                .dd(.text(item.reason),
                    .if(!item.unknownFacts.isEmpty, .ul(.forEach(item.unknownFacts) { fact in
                        .li(.text(context.t(LocalizedText(ja: "確認すること：", en: "To check: ")) + fact.question))
                    }))),
                .unwrap(item.counterNote) { note in .group(.dt(.text(context.t(LocalizedText(ja: "窓口について", en: "About the counter")))), .dd(.text(note))) },
                .dt(.text(context.t(LocalizedText(ja: "持ち物", en: "What to bring")))),
                .dd(item.itemsToBring.isEmpty ? .text(context.t(LocalizedText(ja: "特にありません", en: "Nothing in particular")))
                    : .ul(.forEach(item.itemsToBring) { bring in
                        .li(.text(bring.name), .unwrap(bring.note) { .text("（\($0)）") },
                            bring.conditional ? .text(context.t(LocalizedText(ja: "【該当する場合】", en: " [if applicable]"))) : .empty)
                    })),
                .dt(.text(context.t(LocalizedText(ja: "手続きの方法", en: "How to apply")))),
                .dd(.ul(.forEach(item.channels) { channel in
                    .li(.text(context.t(channelLabel(channel.kind))),
                        .unwrap(channel.url) { url in .group(.text("："), .a(.attr("href", url), .text(context.t(LocalizedText(ja: "オンライン申請へ", en: "Apply online"))))) },
                        .unwrap(channel.note) { .text("（\($0)）") })
                })),
                .dt(.text(context.t(LocalizedText(ja: "手数料", en: "Fee")))),
                .dd(.text(item.feeYen == 0 ? context.t(LocalizedText(ja: "無料", en: "Free")) : "\(item.feeYen)円")),
                .dt(.text(context.t(LocalizedText(ja: "根拠", en: "Legal basis")))),
                .dd(.text(item.legalBasis))
            ),
            .if(!item.notes.isEmpty, .ul(.attr("class", "notes"), .forEach(item.notes) { .li(.text($0)) })))
    }

    static func deadlineText(_ item: ChecklistItem, _ l: UILanguage) -> String {
        guard let deadline = item.deadline else { return l == .ja ? "期限の定めなし（速やかに）" : "No fixed deadline (as soon as possible)" }
        return (l == .ja ? "" : "by ") + date(deadline, l) + (l == .ja ? "まで" : "")
    }

    static func date(_ d: CivilDate, _ l: UILanguage) -> String {
        let weekdays = l == .ja ? ["日", "月", "火", "水", "木", "金", "土"] : ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let day = weekdays[d.weekday]
        return l == .ja ? "\(Wareki.format(d))（\(day)）" : "\(day) \(d.description)"
    }

    static func statusLabel(_ status: ChecklistStatus) -> LocalizedText {
        status == .required ? LocalizedText(ja: "必要", en: "Required") : LocalizedText(ja: "要確認", en: "To check")
    }

    static func channelLabel(_ kind: Channel.Kind) -> LocalizedText {
        switch kind {
        case .counter: return LocalizedText(ja: "窓口", en: "At the counter")
        case .post: return LocalizedText(ja: "郵送", en: "By post")
        case .online: return LocalizedText(ja: "オンライン", en: "Online")
        }
    }
}
