import MadoguchiCore
import Plot

/// `/`: the list of municipalities this deployment serves.
enum RootPage {
    static func render(municipalities: [Municipality], context: PageContext) -> HTML {
        let title = context.t(LocalizedText(ja: "自治体を選んでください", en: "Choose a municipality"))
        return Layout.page(title: title, context: context,
                           .ul(.forEach(municipalities) { m in
                               .li(.a(.attr("href", "/\(m.code)/"), .text("\(m.prefecture) \(m.name(in: context.language))")))
                           }))
    }
}
