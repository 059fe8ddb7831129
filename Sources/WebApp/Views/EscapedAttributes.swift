import Plot

/// The one escaping point for every attribute a page writes.
///
/// Plot escapes text nodes but writes attribute values as they are, so a `"` in a value would end
/// the attribute and let the rest become markup. Pages therefore never call Plot's value-taking
/// attribute functions (`.href`, `.value`, `.class`, `.attribute(named:value:)`…); they call
/// `.attr(name, value)`, which escapes here. `EscapingLintTests` fails the build's tests when a
/// view calls Plot's functions directly, and `InjectionTests` renders every page with hostile values.
enum HTMLEscaping {
    /// Escapes a value for a double-quoted attribute: `&`, `"`, `'`, `<` and `>` become entities.
    static func attribute(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x22 || $0 == 0x27 || $0 == 0x3C || $0 == 0x3E }) else {
            return value
        }
        var out = ""
        out.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Node {
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
