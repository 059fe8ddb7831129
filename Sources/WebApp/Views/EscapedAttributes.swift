import Plot

/// The one escaping point for everything a page writes from a string: attribute values and text.
///
/// Plot writes attribute values as they are, so a `"` in a value would end the attribute and let the
/// rest become markup. Pages therefore never call Plot's value-taking attribute functions (`.href`,
/// `.value`, `.class`, `.attribute(named:value:)`…); they call `.attr(name, value)`, which escapes
/// here. `EscapingLintTests` fails the build's tests when a view calls Plot's functions directly, and
/// `InjectionTests` renders every page with hostile values.
///
/// Text nodes are escaped here too: `Node.text` below shadows Plot's own (a declaration of this module
/// wins over the imported one of the same signature), so every `.text(…)` a view writes goes through
/// `HTMLEscaping.text`, one pass over the UTF-8 bytes, instead of Plot's escaper, which builds a
/// string per `Character` and keeps anything that looks like an entity (`&amp;` stays `&amp;`).
enum HTMLEscaping {
    /// Escapes a value for a double-quoted attribute: `&`, `"`, `'`, `<` and `>` become entities.
    static func attribute(_ value: String) -> String {
        escape(value, quotes: true)
    }

    /// Escapes text between tags: `&`, `<` and `>` become entities, every `&` included (text that
    /// spells an entity is shown as typed, not as the character it names).
    static func text(_ value: String) -> String {
        escape(value, quotes: false)
    }

    /// One pass to count what grows, and when something does, one pass writing the bytes into a string
    /// of the final size. A value with nothing to escape is returned as it is, without a copy.
    private static func escape(_ value: String, quotes: Bool) -> String {
        var growth = 0
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "&"): growth += 4
            case UInt8(ascii: "<"), UInt8(ascii: ">"): growth += 3
            case UInt8(ascii: "\""): if quotes { growth += 5 }
            case UInt8(ascii: "'"): if quotes { growth += 4 }
            default: break
            }
        }
        guard growth > 0 else { return value }
        return String(unsafeUninitializedCapacity: value.utf8.count + growth) { out in
            var at = 0
            func put(_ entity: StaticString) {
                entity.withUTF8Buffer { for b in $0 { out[at] = b; at += 1 } }
            }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "&"): put("&amp;")
                case UInt8(ascii: "<"): put("&lt;")
                case UInt8(ascii: ">"): put("&gt;")
                case UInt8(ascii: "\"") where quotes: put("&quot;")
                case UInt8(ascii: "'") where quotes: put("&#39;")
                default: out[at] = byte; at += 1
                }
            }
            return at
        }
    }
}

extension Node {
    /// Text, escaped by `HTMLEscaping.text` (this shadows Plot's `Node.text` in every view of the module).
    static func text(_ text: String) -> Node {
        .raw(HTMLEscaping.text(text))
    }

    /// An element holding only text, escaped as `text(_:)` (shadows Plot's, which escapes with its own).
    static func element(named name: String, text: String) -> Node {
        .element(named: name, nodes: [.text(text)])
    }

    /// An attribute whose value is escaped; `nil` or empty values leave the attribute out, as Plot does.
    static func attr(_ name: String, _ value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node {
        .attribute(Attribute(name: name, value: value.map(HTMLEscaping.attribute), ignoreIfValueIsEmpty: ignoreIfValueIsEmpty))
    }

    /// A boolean attribute (`required`, `checked`…) written only when `on`.
    static func flag(_ name: String, _ on: Bool = true) -> Node {
        on ? .attribute(Attribute(name: name, value: name)) : .empty
    }
}

extension Attribute {
    /// The attribute-context twin of `Node.attr` (for `<meta>`, `<link>`…).
    static func attr(_ name: String, _ value: String?) -> Attribute {
        Attribute(name: name, value: value.map(HTMLEscaping.attribute))
    }
}
