import Counter
import MadoguchiCore
import Plot

/// `/{code}/life-events`: which life event the resident wants help with.
enum LifeEventsIndexPage {
    static func render(events: [LifeEvent], context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/life-events"
        return Layout.page(
            title: context.t(LocalizedText(ja: "手続きを調べる", en: "Find your procedures")), context: context,
            .p(.attr("class", "lead"), .text(context.t(LocalizedText(
                ja: "いくつかの質問に答えると、必要な手続き、窓口、期限、持ち物がわかります。答えはこの画面の中だけで使い、市には保存されません。",
                en: "Answer a few questions to see which procedures apply, where, by when and what to bring. Your answers stay on this page and are not stored by the city.")))),
            .ul(.attr("class", "event-list"), .forEach(events) { event in
                .li(.a(.attr("href", "\(base)/\(event.id)"), .text(event.name.text(l))))
            })
        )
    }
}
