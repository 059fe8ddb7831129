import Foundation
import Ink

/// The body of a notice: a small Markdown subset (paragraphs, lists, links, headings, emphasis)
/// parsed with Ink, then reduced to a tree of allowed nodes only. Raw HTML, images, code and
/// tables never become markup: they are kept as text. Links keep only http, https and mailto
/// targets. Whoever renders the tree escapes every text (`html` here does; WebApp's Plot does).
public enum SafeMarkdown {
    public indirect enum Node: Equatable, Sendable {
        case text(String)
        case paragraph([Node])
        /// Level 2–6: the page's own title is the only level 1.
        case heading(Int, [Node])
        case list(ordered: Bool, items: [[Node]])
        case link(href: String, [Node])
        case strong([Node])
        case emphasis([Node])
        case lineBreak
    }

    /// The most a body may hold (the notice form's own limit is lower).
    public static let maxInputLength = 100_000

    /// Parses `markdown` into allowed nodes.
    public static func parse(_ markdown: String) -> [Node] {
        let source = String(markdown.prefix(maxInputLength))
        var parser = MarkdownParser()
        // Raw HTML, images, code and tables are written back as escaped text, so none of them
        // reaches the tree as markup (the reader below would also refuse any tag it does not know).
        for target in [Modifier.Target.html, .images, .codeBlocks, .inlineCode, .tables, .horizontalLines] {
            parser.addModifier(Modifier(target: target) { input in
                let text = escape(String(input.markdown))
                return target == .codeBlocks || target == .tables || target == .horizontalLines ? "<p>\(text)</p>" : text
            })
        }
        let html = parser.html(from: source)
        var reader = InkHTMLReader(html)
        return normalise(reader.readNodes(until: nil))
    }

    /// The allowed nodes as HTML with every text and attribute escaped (for feeds).
    public static func html(_ nodes: [Node]) -> String {
        nodes.map(html).joined()
    }

    /// The plain text of the nodes (for summaries).
    public static func plainText(_ nodes: [Node]) -> String {
        nodes.map { node -> String in
            switch node {
            case .text(let s): return s
            case .lineBreak: return "\n"
            case .paragraph(let c), .heading(_, let c): return plainText(c) + "\n"
            case .link(_, let c), .strong(let c), .emphasis(let c): return plainText(c)
            case .list(_, let items): return items.map { plainText($0) }.joined(separator: "\n") + "\n"
            }
        }.joined()
    }

    /// Whether a link target may be written: http(s) with a host, or mailto, with no control
    /// characters, spaces or quotes.
    public static func isAllowedLink(_ href: String) -> Bool {
        guard !href.isEmpty, href.count <= 2000,
              !href.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "'" || $0 == "<" || $0 == ">" || $0 == "\\" })
        else { return false }
        let lower = href.lowercased()
        if lower.hasPrefix("mailto:") { return href.count > 7 }
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), let url = URL(string: href),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return false }
        return true
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    private static func html(_ node: Node) -> String {
        switch node {
        case .text(let s): return escape(s)
        case .lineBreak: return "<br>"
        case .paragraph(let c): return "<p>\(html(c))</p>"
        case .heading(let level, let c): return "<h\(level)>\(html(c))</h\(level)>"
        case .list(let ordered, let items):
            let tag = ordered ? "ol" : "ul"
            return "<\(tag)>" + items.map { "<li>\(html($0))</li>" }.joined() + "</\(tag)>"
        case .link(let href, let c): return "<a href=\"\(escape(href))\">\(html(c))</a>"
        case .strong(let c): return "<strong>\(html(c))</strong>"
        case .emphasis(let c): return "<em>\(html(c))</em>"
        }
    }

    /// Merges neighbouring texts and wraps loose top-level inline nodes in paragraphs.
    static func normalise(_ nodes: [Node]) -> [Node] {
        var out: [Node] = []
        var loose: [Node] = []
        func flush() {
            let merged = mergeTexts(loose)
            if !plainText(merged).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.append(.paragraph(merged)) }
            loose = []
        }
        for node in nodes {
            switch node {
            case .paragraph, .heading, .list: flush(); out.append(node)
            default: loose.append(node)
            }
        }
        flush()
        return out
    }

    static func mergeTexts(_ nodes: [Node]) -> [Node] {
        var out: [Node] = []
        for node in nodes {
            if case .text(let s) = node, case .text(let previous)? = out.last {
                out[out.count - 1] = .text(previous + s)
            } else {
                out.append(node)
            }
        }
        return out
    }
}
