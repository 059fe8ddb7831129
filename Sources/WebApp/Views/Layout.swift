import MadoguchiCore
import Plot

/// The base layout every page uses: language attribute, skip link, header / nav / main / footer
/// landmarks, a language switch that works without JavaScript, and one stylesheet.
enum Layout {
    static func page(title: String, context: PageContext, scripts: [String] = [], _ content: Node<HTML.BodyContext>...) -> HTML {
        let site = [context.municipalityName, context.t(UIStrings.siteSuffix)].compactMap { $0 }.joined(separator: " ")
        return HTML(
            .attribute(named: "lang", value: context.language.rawValue),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(title) | \(site)"),
                .link(.rel(.stylesheet), .href("/static/site.css")),
                .forEach(scripts) { .script(.src($0), .attribute(named: "defer", value: "defer")) }
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), .text(context.t(UIStrings.skipToContent))),
                header(site: site, context: context),
                .element(named: "main", nodes: [.attribute(named: "id", value: "main"), .attribute(named: "tabindex", value: "-1"),
                                                 .h1(.text(title)), .group(content)]),
                .footer(.p(.text(context.t(UIStrings.footerNote))))
            )
        )
    }

    private static func header(site: String, context: PageContext) -> Node<HTML.BodyContext> {
        let home = context.municipalityCode.map { "/\($0)/" } ?? "/"
        let other: UILanguage = context.language == .ja ? .en : .ja
        var items: [Node<HTML.ListContext>] = [.li(.a(.href(home), .text(context.t(UIStrings.home))))]
        for link in context.staffLinks { items.append(.li(.a(.href(link.href), .text(context.t(link.title))))) }
        items.append(.li(.a(.href(context.path + "?lang=\(other.rawValue)"),
                            .attribute(named: "lang", value: other.rawValue),
                            .attribute(named: "hreflang", value: other.rawValue),
                            .text(UIStrings.languageSwitch.text(context.language)))))
        return .header(
            .p(.class("site-name"), .a(.href(home), .text(site))),
            .nav(.attribute(named: "aria-label", value: context.t(UIStrings.mainNavigation)), .ul(.forEach(items) { $0 })),
            .unwrap(context.staffName) { name in
                .form(.class("sign-out"), .method(.post), .action("/\(context.municipalityCode ?? "")/staff/logout"),
                      .span(.text(name)), csrfField(context),
                      .button(.type(.submit), .text(context.t(UIStrings.signOut))))
            }
        )
    }

    /// The hidden CSRF field every state-changing form carries.
    static func csrfField(_ context: PageContext) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name("_csrf"), .value(context.csrfToken ?? ""))
    }

    /// A list of problems above a form, announced to screen readers, each naming its field.
    static func problems(_ problems: [FieldProblem], context: PageContext) -> Node<HTML.BodyContext> {
        guard !problems.isEmpty else { return .empty }
        return .div(.class("problems"), .attribute(named: "role", value: "alert"),
                    .h2(.text(context.t(UIStrings.inputProblem))),
                    .ul(.forEach(problems) { p in .li(.a(.href("#\(p.field)"), .text(context.t(p.message)))) }))
    }

    /// A notice that something succeeded.
    static func notice(_ text: String?) -> Node<HTML.BodyContext> {
        guard let text else { return .empty }
        return .p(.class("notice"), .attribute(named: "role", value: "status"), .text(text))
    }
}
