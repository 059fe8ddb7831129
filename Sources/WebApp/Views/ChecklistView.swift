import Counter
import MadoguchiCore
import Plot

/// A checklist as HTML, shared by the resident's result page and the assisted counter: a short list
/// by deadline, then one section per counter in visiting order with what to do there, by when,
/// what to bring and why. Dates print in 和暦 with the weekday, as on the city's letters.
enum ChecklistView {
    /// `onlineForms`: procedure id → the id of its online application form here, if any.
    /// `resident`: at the assisted counter, the basic four items the form's fields may take (once-only).
    ///
    /// Written with `HTMLWriter` into one string (the checklist's articles were most of the navigator's
    /// rendering cost with Plot's nodes); the same bytes as the Plot view it replaces
    /// (`ChecklistViewBytesTests`), every text and attribute escaped by `HTMLEscaping`.
    static func render(_ checklist: Checklist, onlineForms: [String: String] = [:], resident: BasicFourItems? = nil,
                       context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        let required = checklist.required.count, toCheck = checklist.toCheck.count
        var w = HTMLWriter(capacity: 2048 + 1536 * checklist.procedures.count)
        w.open("div", ["id": "checklist", "class": "checklist"])
        w.element("p", ["class": "lead"], text: context.t(LocalizedText(
            ja: "\(checklist.eventName)（\(date(checklist.eventDate, l))）の手続きは、必要なものが\(required)件、確認が必要なものが\(toCheck)件です。",
            en: "\(required) procedure(s) apply and \(toCheck) need checking for this \(checklist.event) (\(date(checklist.eventDate, l))).")))
        w.element("h2", text: context.t(LocalizedText(ja: "期限の近い順", en: "By deadline")))
        w.open("ol", ["class": "by-deadline"])
        for item in checklist.procedures {
            w.open("li")
            w.element("a", ["href": "#p-\(item.id)"], text: item.name)
            w.text("　")
            w.text(deadlineText(item, l))
            w.text("（\(item.counter.name)）")
            if item.status == .toCheck { w.element("strong", ["class": "status to-check"], text: context.t(statusLabel(.toCheck))) }
            w.close("li")
        }
        w.close("ol")
        for visit in checklist.counters {
            w.open("section", ["class": "counter-visit"])
            w.open("h2")
            w.text("\(visit.order). \(visit.counter.name)")
            if visit.external { w.element("small", text: context.t(LocalizedText(ja: "（市役所の外）", en: " (outside city hall)"))) }
            w.close("h2")
            w.element("p", ["class": "where"], text: "\(visit.counter.department)・\(visit.counter.location)")
            for item in visit.procedureIDs.compactMap({ checklist.item($0) }) {
                write(item, onlineForm: onlineForms[item.id], eventDate: checklist.eventDate, resident: resident, context: context, into: &w)
            }
            w.close("section")
        }
        w.close("div")
        return w.node()
    }

    static func procedure(_ item: ChecklistItem, onlineForm: String? = nil, eventDate: CivilDate? = nil, resident: BasicFourItems? = nil,
                          context: PageContext) -> Node<HTML.BodyContext> {
        var w = HTMLWriter(capacity: 2048)
        write(item, onlineForm: onlineForm, eventDate: eventDate, resident: resident, context: context, into: &w)
        return w.node()
    }

    private static func write(_ item: ChecklistItem, onlineForm: String?, eventDate: CivilDate?, resident: BasicFourItems?,
                              context: PageContext, into w: inout HTMLWriter) {
        let l = context.language
        w.open("article", ["id": "p-\(item.id)", "class": item.status == .required ? "procedure" : "procedure to-check"])
        w.open("h3")
        w.text(item.name)
        w.text(" ")
        w.element("strong", ["class": "status"], text: "［\(context.t(statusLabel(item.status)))］")
        w.close("h3")
        if let form = onlineForm {
            // A POST, so the event date the resident already gave fills the form (once-only) without entering a URL.
            w.open("form", ["class": "online", "method": "post", "action": "/\(context.municipalityCode ?? "")/forms/\(form)/prefill"])
            w.selfClosed("input", ["type": "hidden", "name": "event_date", "value": eventDate?.description ?? ""])
            if let r = resident {
                w.selfClosed("input", ["type": "hidden", "name": "resident_name", "value": r.name])
                w.selfClosed("input", ["type": "hidden", "name": "resident_address", "value": r.address])
                w.selfClosed("input", ["type": "hidden", "name": "resident_birth_date", "value": r.birthDate.description])
            }
            w.element("button", ["type": "submit"], text: context.t(LocalizedText(ja: "この手続はここからオンラインで申請できます（入力した日付を引き継ぎます）",
                                                                                  en: "Apply for this online here (the date you gave is carried over)")))
            w.close("form")
        }
        w.open("dl")
        w.element("dt", text: context.t(LocalizedText(ja: "期限", en: "Deadline")))
        w.open("dd")
        w.text(deadlineText(item, l))
        if let description = item.deadlineDescription { w.text("（\(description)）") }
        if item.deadlinePassed {
            w.element("strong", text: context.t(LocalizedText(ja: "　期限を過ぎています。お早めに窓口へご相談ください。",
                                                              en: " The deadline has passed; please contact the counter soon.")))
        }
        if item.deadlineApproximate { w.text(context.t(LocalizedText(ja: "（きっかけの日から計算した目安）", en: " (estimated from the event date)"))) }
        w.close("dd")
        w.element("dt", text: context.t(LocalizedText(ja: "この手続きが表示されている理由", en: "Why it is listed")))
        w.open("dd")
        w.text(item.reason)
        if !item.unknownFacts.isEmpty {
            w.open("ul")
            for fact in item.unknownFacts { w.element("li", text: context.t(LocalizedText(ja: "確認すること：", en: "To check: ")) + fact.question) }
            w.close("ul")
        }
        w.close("dd")
        if let note = item.counterNote {
            w.element("dt", text: context.t(LocalizedText(ja: "窓口について", en: "About the counter")))
            w.element("dd", text: note)
        }
        w.element("dt", text: context.t(LocalizedText(ja: "持ち物", en: "What to bring")))
        w.open("dd")
        if item.itemsToBring.isEmpty {
            w.text(context.t(LocalizedText(ja: "特にありません", en: "Nothing in particular")))
        } else {
            w.open("ul")
            for bring in item.itemsToBring {
                w.open("li")
                w.text(bring.name)
                if let note = bring.note { w.text("（\(note)）") }
                if bring.conditional { w.text(context.t(LocalizedText(ja: "【該当する場合】", en: " [if applicable]"))) }
                w.close("li")
            }
            w.close("ul")
        }
        w.close("dd")
        w.element("dt", text: context.t(LocalizedText(ja: "手続きの方法", en: "How to apply")))
        w.open("dd")
        w.open("ul")
        for channel in item.channels {
            w.open("li")
            w.text(context.t(channelLabel(channel.kind)))
            if let url = channel.url {
                w.text("：")
                w.element("a", ["href": url], text: context.t(LocalizedText(ja: "オンライン申請へ", en: "Apply online")))
            }
            if let note = channel.note { w.text("（\(note)）") }
            w.close("li")
        }
        w.close("ul")
        w.close("dd")
        w.element("dt", text: context.t(LocalizedText(ja: "手数料", en: "Fee")))
        w.element("dd", text: item.feeYen == 0 ? context.t(LocalizedText(ja: "無料", en: "Free")) : "\(item.feeYen)円")
        w.element("dt", text: context.t(LocalizedText(ja: "根拠", en: "Legal basis")))
        w.element("dd", text: item.legalBasis)
        w.close("dl")
        if !item.notes.isEmpty {
            w.open("ul", ["class": "notes"])
            for note in item.notes { w.element("li", text: note) }
            w.close("ul")
        }
        w.close("article")
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
