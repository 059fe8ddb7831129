import Foundation

/// Reads the HTML Ink writes into `SafeMarkdown.Node`s. Only the tags of the subset become nodes;
/// a tag Ink writes for something outside it (blockquote, del…) is dropped and its content kept; any
/// other `<` is text. Entities are decoded, so every text is escaped once, by the renderer.
struct InkHTMLReader {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    /// Nesting limit: deeper structure is read as text.
    private var depth = 0
    static let maxDepth = 32

    init(_ html: String) { scalars = Array(html.unicodeScalars) }

    private struct Tag {
        var name: String
        var closing: Bool
        var href: String?
    }

    /// Tags that become nodes, and tags Ink writes whose content is kept without them.
    private static let structural: Set<String> = ["p", "ul", "ol", "li", "a", "strong", "em", "h1", "h2", "h3", "h4", "h5", "h6", "br"]
    private static let unwrapped: Set<String> = ["blockquote", "del", "s", "b", "i", "code", "pre", "span"]

    /// Reads nodes until the closing tag `end` (or the end of input).
    mutating func readNodes(until end: String?) -> [SafeMarkdown.Node] {
        var nodes: [SafeMarkdown.Node] = []
        var text = ""
        func flush() { if !text.isEmpty { nodes.append(.text(text)); text = "" } }
        while index < scalars.count {
            let c = scalars[index]
            if c == "&" {
                text += readEntity()
                continue
            }
            guard c == "<", let (tag, length) = peekTag() else {
                text.unicodeScalars.append(c)
                index += 1
                continue
            }
            if tag.closing {
                index += length
                if tag.name == end { flush(); return nodes }
                continue  // a stray closing tag: dropped
            }
            index += length
            if tag.name == "br" { flush(); nodes.append(.lineBreak); continue }
            if Self.unwrapped.contains(tag.name) { continue }
            flush()
            guard depth < Self.maxDepth else { continue }
            depth += 1
            let children = readNodes(until: tag.name)
            depth -= 1
            switch tag.name {
            case "p": nodes.append(.paragraph(SafeMarkdown.mergeTexts(children)))
            case "h1", "h2", "h3", "h4", "h5", "h6":
                let level = Int(String(tag.name.dropFirst()))!
                nodes.append(.heading(min(level + 1, 6), SafeMarkdown.mergeTexts(children)))
            case "ul", "ol":
                // Each `li` came back as a one-item unordered list (below); anything else between them is whitespace.
                let items = children.compactMap { node -> [SafeMarkdown.Node]? in
                    if case .list(false, let inner) = node, inner.count == 1 { return inner[0] }
                    return nil
                }
                nodes.append(.list(ordered: tag.name == "ol", items: items))
            case "li": nodes.append(.list(ordered: false, items: [SafeMarkdown.mergeTexts(children)]))  // unwrapped by the list
            case "a":
                if let href = tag.href, SafeMarkdown.isAllowedLink(href) {
                    nodes.append(.link(href: href, SafeMarkdown.mergeTexts(children)))
                } else {
                    nodes.append(contentsOf: children)
                }
            case "strong": nodes.append(.strong(SafeMarkdown.mergeTexts(children)))
            case "em": nodes.append(.emphasis(SafeMarkdown.mergeTexts(children)))
            default: nodes.append(contentsOf: children)
            }
        }
        flush()
        return nodes
    }

    /// A tag of Ink's vocabulary at `index`: its parsed form and length; nil when what follows `<`
    /// is not one (then the `<` is text).
    private func peekTag() -> (Tag, Int)? {
        var i = index + 1
        var closing = false
        if i < scalars.count, scalars[i] == "/" { closing = true; i += 1 }
        var name = ""
        while i < scalars.count, ("a"..."z").contains(scalars[i]) || ("0"..."9").contains(scalars[i]) {
            name.unicodeScalars.append(scalars[i]); i += 1
            if name.count > 10 { return nil }
        }
        guard Self.structural.contains(name) || Self.unwrapped.contains(name) else { return nil }
        var href: String?
        // Attributes: only `href="…"` on `a` is read; anything else in the tag is ignored.
        var attributes = ""
        while i < scalars.count, scalars[i] != ">" {
            if scalars[i] == "<" { return nil }
            attributes.unicodeScalars.append(scalars[i]); i += 1
            if attributes.unicodeScalars.count > 4000 { return nil }
        }
        guard i < scalars.count else { return nil }
        if name == "a", !closing, let range = attributes.range(of: "href=\"") {
            let rest = attributes[range.upperBound...]
            if let endQuote = rest.firstIndex(of: "\"") { href = Self.decodeEntities(String(rest[..<endQuote])) }
        }
        return (Tag(name: name, closing: closing, href: href), i + 1 - index)
    }

    private mutating func readEntity() -> String {
        let names: [(String, String)] = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'")]
        let ahead = String(String.UnicodeScalarView(scalars[index..<min(index + 6, scalars.count)]))
        for (entity, value) in names where ahead.hasPrefix(entity) {
            index += entity.unicodeScalars.count
            return value
        }
        index += 1
        return "&"
    }

    static func decodeEntities(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
