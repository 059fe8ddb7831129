import Counter
import MadoguchiCore
import Plot

/// The printed outputs of the assisted counter: every needed paper form pre-filled (one per page
/// in print), and the 受付案内票 listing the counters in visiting order.
enum StaffCounterPrintPages {
    static func forms(_ forms: [FilledForm], reference: String, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "申請書（記入済み）受付 \(reference)", en: "Pre-filled forms, session \(reference)")), context: context,
            .p(.attr("class", "no-print help"), .text(context.t(LocalizedText(
                ja: "ブラウザの印刷機能で印刷してください（1様式1ページ）。空欄はご本人が確認・署名する欄です。",
                en: "Print with the browser (one form per page). Blank lines are for the resident to check and sign.")))),
            forms.isEmpty ? .p(.text(context.t(LocalizedText(ja: "印刷する申請書はありません。", en: "No forms to print.")))) :
            .forEach(forms) { form in
                .section(.attr("class", "paper-form"),
                    .h2(.text(form.title)),
                    .table(.caption(.text(form.title)),
                        .tbody(.forEach(form.fields) { field in
                            .tr(.th(.attr("scope", "row"), .text(field.label)),
                                .td(field.value.map { .text($0) } ?? .span(.attr("class", "blank"), .text(" "))))
                        })))
            }
        )
    }

    static func slip(_ slip: ReceptionSlip, reference: String, checklist: Checklist, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "受付案内票", en: "Reception slip")), context: context,
            .p(.text("受付番号 \(reference)　\(slip.residentName) 様　\(slip.eventName)（\(slip.eventDate)）")),
            .p(.text(context.t(LocalizedText(ja: "次の順に窓口をお回りください。", en: "Please visit the counters in this order.")))),
            .ol(.attr("class", "slip-stops"), .forEach(slip.stops) { stop in
                .li(.strong(.text(stop.counterName)), .text("（\(stop.location)）"),
                    stop.external ? .text(context.t(LocalizedText(ja: "※市役所の外です", en: " (outside city hall)"))) : .empty,
                    .ul(.forEach(stop.procedures) { .li(.text($0)) }))
            })
        )
    }
}
