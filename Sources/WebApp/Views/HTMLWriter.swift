import Plot

/// Markup appended to one string, for the parts of a page where Plot's rendering is the cost (one
/// buffer object and one string per element, each element's text copied into its parent's): the
/// checklist's articles. Every text and every attribute value goes through `HTMLEscaping`, the same
/// escaping point as `Node.text` and `.attr`; the result enters a Plot page as one raw node.
/// What it writes is what Plot writes for the same elements: `name="value"` attributes, left out
/// when the value is nil or empty, and `<input …/>` for self-closed elements.
struct HTMLWriter {
    private(set) var html = ""

    init(capacity: Int = 4096) { html.reserveCapacity(capacity) }

    /// `<name attributes…>`.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        html += "<"
        html += name
        writeAttributes(attributes)
        html += ">"
    }

    /// `</name>`.
    mutating func close(_ name: String) {
        html += "</"
        html += name
        html += ">"
    }

    /// `<name attributes…/>`.
    mutating func selfClosed(_ name: String, _ attributes: KeyValuePairs<String, String?>) {
        html += "<"
        html += name
        writeAttributes(attributes)
        html += "/>"
    }

    /// Text between tags, escaped.
    mutating func text(_ text: String) {
        html += HTMLEscaping.text(text)
    }

    /// `<name attributes…>text</name>`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) {
        open(name, attributes)
        self.text(text)
        close(name)
    }

    /// The markup as one node of a Plot page.
    func node<Context>() -> Node<Context> { .raw(html) }

    private mutating func writeAttributes(_ attributes: KeyValuePairs<String, String?>) {
        for (name, value) in attributes {
            guard let value, !value.isEmpty else { continue }
            html += " "
            html += name
            html += "=\""
            html += HTMLEscaping.attribute(value)
            html += "\""
        }
    }
}
