import Notices
import Plot

/// A notice's body as page nodes: only the safe subset's elements, every text escaped by Plot and
/// every link target through the one attribute escaping point.
enum NoticeBodyView {
    static func nodes(_ markdown: String) -> Node<HTML.BodyContext> {
        .div(.attr("class", "notice-body"), .group(SafeMarkdown.parse(markdown).map(node)))
    }

    private static func node(_ n: SafeMarkdown.Node) -> Node<HTML.BodyContext> {
        switch n {
        case .text(let s): return .text(s)
        case .lineBreak: return .br()
        case .paragraph(let c): return .element(named: "p", nodes: c.map(node))
        case .heading(let level, let c): return .element(named: "h\(min(max(level, 2), 6))", nodes: c.map(node))
        case .list(let ordered, let items):
            return .element(named: ordered ? "ol" : "ul", nodes: items.map { .element(named: "li", nodes: $0.map(node)) })
        case .link(let href, let c): return .element(named: "a", nodes: [.attr("href", href)] + c.map(node))
        case .strong(let c): return .element(named: "strong", nodes: c.map(node))
        case .emphasis(let c): return .element(named: "em", nodes: c.map(node))
        }
    }
}
