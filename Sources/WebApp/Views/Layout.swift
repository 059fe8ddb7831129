import MadoguchiCore
import Plot

/// The base layout every page uses: language attribute, skip link, header / nav / main / footer
/// landmarks, a language switch that works without JavaScript, and one stylesheet.
enum Layout {
    static func page(title: String, context: PageContext, scripts: [String] = [], _ content: Node<HTML.BodyContext>...) -> HTML {
        let site = [context.municipalityName, context.t(UIStrings.siteSuffix)].compactMap { $0 }.joined(separator: " ")
        return HTML(
            .attr("lang", context.language.rawValue),
            .head(
                .meta(.charset(.utf8)),
                .meta(.attr("name", "viewport"), .attr("content", "width=device-width, initial-scale=1")),
                .element(named: "title", text: "\(title) | \(site)"),  // not Plot's .title(): it copies the text into og: attributes
                .link(.rel(.stylesheet), .attr("href", "/static/site.css")),
                .forEach(scripts) { .script(.attr("src", $0), .attr("defer", "defer")) }
            ),
            .body(
                .a(.attr("class", "skip-link"), .attr("href", "#main"), .text(context.t(UIStrings.skipToContent))),
                header(site: site, context: context),
                alertBanner(context),
                .element(named: "main", nodes: [.attr("id", "main"), .attr("tabindex", "-1"),
                                                 .h1(.text(title)), .group(content)]),
                .footer(.p(.text(context.t(UIStrings.footerNote))))
            )
        )
    }

    private static func header(site: String, context: PageContext) -> Node<HTML.BodyContext> {
        let home = context.municipalityCode.map { "/\($0)/" } ?? "/"
        let other: UILanguage = context.language == .ja ? .en : .ja
        var items: [Node<HTML.ListContext>] = [.li(.a(.attr("href", home), .text(context.t(UIStrings.home))))]
        for link in context.staffLinks { items.append(.li(.a(.attr("href", link.href), .text(context.t(link.title))))) }
        items.append(.li(.a(.attr("href", context.path + "?lang=\(other.rawValue)"),
                            .attr("lang", other.rawValue),
                            .attr("hreflang", other.rawValue),
                            .text(UIStrings.languageSwitch.text(context.language)))))
        return .header(
            .p(.attr("class", "site-name"), .a(.attr("href", home), .text(site))),
            .nav(.attr("aria-label", context.t(UIStrings.mainNavigation)), .ul(.forEach(items) { $0 })),
            .unwrap(context.staffName) { name in
                .form(.attr("class", "sign-out"), .method(.post), .attr("action", "/\(context.municipalityCode ?? "")/staff/logout"),
                      .span(.text(name)), csrfField(context),
                      .button(.type(.submit), .text(context.t(UIStrings.signOut))))
            }
        )
    }

    /// The active evacuation alerts, announced at once (`role="alert"`), on every page.
    private static func alertBanner(_ context: PageContext) -> Node<HTML.BodyContext> {
        guard !context.alerts.isEmpty else { return .empty }
        return .div(.attr("class", "alert-banner"), .attr("role", "alert"),
                    .forEach(context.alerts) { alert in
                        .p(.strong(.text(context.t(alert.level))), .text(" " + context.t(alert.areas) + " "),
                           .text(context.t(alert.instruction)), .text(" "), .a(.attr("href", alert.href), .text(context.t(UIStrings.alertDetails))))
                    })
    }

    /// The hidden CSRF field every state-changing form carries.
    static func csrfField(_ context: PageContext) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .attr("name", "_csrf"), .attr("value", context.csrfToken ?? ""))
    }

    /// A list of problems above a form, announced to screen readers, each naming its field.
    static func problems(_ problems: [FieldProblem], context: PageContext) -> Node<HTML.BodyContext> {
        guard !problems.isEmpty else { return .empty }
        return .div(.attr("class", "problems"), .attr("role", "alert"),
                    .h2(.text(context.t(UIStrings.inputProblem))),
                    .ul(.forEach(problems) { p in .li(.a(.attr("href", "#\(p.field)"), .text(context.t(p.message)))) }))
    }

    /// A notice that something succeeded.
    static func notice(_ text: String?) -> Node<HTML.BodyContext> {
        guard let text else { return .empty }
        return .p(.attr("class", "notice"), .attr("role", "status"), .text(text))
    }
}
