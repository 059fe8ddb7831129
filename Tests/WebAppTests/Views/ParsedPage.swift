import Foundation
import MadoguchiCore
import Plot
@testable import WebApp
import XCTest

/// A page rendered by a view, parsed back into elements, so view tests assert on structure (headings,
/// labels, field names, links, the `lang` attribute) instead of substrings.
///
/// The parser is strict where Plot's output must be: every element is closed in order (void
/// elements excepted), attribute values are quoted and never contain a raw `<`, every `&` starts
/// an entity, and no attribute appears twice on an element. Any violation is a parse error, so a
/// view that writes broken or unescaped markup fails its test.
final class Element {
    let name: String
    let attributes: [String: String]
    fileprivate(set) var children: [Node] = []
    weak var parent: Element?

    enum Node {
        case element(Element)
        case text(String)
    }

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    subscript(_ attribute: String) -> String? { attributes[attribute] }

    /// The text of this element and its descendants, with runs of white space as one space.
    var text: String {
        var parts: [String] = []
        func walk(_ element: Element) {
            for child in element.children {
                switch child {
                case .text(let t): parts.append(t)
                case .element(let e): walk(e)
                }
            }
        }
        walk(self)
        return parts.joined().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Every descendant element, in document order.
    var descendants: [Element] {
        children.flatMap { child -> [Element] in
            guard case .element(let e) = child else { return [] }
            return [e] + e.descendants
        }
    }

    /// Descendants named `name` (and, when given, with `attribute` equal to `value`).
    func all(_ name: String, _ attribute: String? = nil, _ value: String? = nil) -> [Element] {
        descendants.filter { $0.name == name && (attribute == nil || $0.attributes[attribute!] == value) }
    }

    func first(_ name: String, _ attribute: String? = nil, _ value: String? = nil) -> Element? {
        all(name, attribute, value).first
    }
}

struct ParseError: Error, CustomStringConvertible {
    let message: String
    let offset: Int
    var description: String { "HTML parse error at \(offset): \(message)" }
}

/// A whole rendered page.
struct ParsedPage {
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    static let rawTextElements: Set<String> = ["script", "style"]

    let source: String
    let root: Element

    init(_ html: HTML) throws { try self.init(html.render()) }

    init(_ source: String) throws {
        self.source = source
        let document = Element(name: "#document", attributes: [:])
        var scanner = Scanner(Array(source.unicodeScalars))
        var open: [Element] = [document]
        var text = ""
        func flushText() throws {
            guard !text.isEmpty else { return }
            open.last!.children.append(.text(try Self.decode(text, at: scanner.index)))
            text = ""
        }
        while let c = scanner.peek() {
            if c != "<" { text.unicodeScalars.append(c); scanner.index += 1; continue }
            try flushText()
            if scanner.hasPrefix("<!--") {
                guard scanner.skip(past: "-->") else { throw ParseError(message: "unterminated comment", offset: scanner.index) }
            } else if scanner.hasPrefix("<!") {
                guard scanner.skip(past: ">") else { throw ParseError(message: "unterminated declaration", offset: scanner.index) }
            } else if scanner.hasPrefix("</") {
                scanner.index += 2
                let name = scanner.name().lowercased()
                scanner.skipSpaces()
                guard scanner.next() == ">" else { throw ParseError(message: "malformed end tag </\(name)", offset: scanner.index) }
                guard let current = open.last, current.name == name, open.count > 1 else {
                    throw ParseError(message: "</\(name)> closes <\(open.last?.name ?? "-")>", offset: scanner.index)
                }
                open.removeLast()
            } else {
                scanner.index += 1
                let name = scanner.name().lowercased()
                guard !name.isEmpty else { throw ParseError(message: "a bare < in text (unescaped)", offset: scanner.index) }
                var attributes: [String: String] = [:]
                var selfClosing = false
                while true {
                    scanner.skipSpaces()
                    guard let c = scanner.peek() else { throw ParseError(message: "unterminated <\(name)", offset: scanner.index) }
                    if c == ">" { scanner.index += 1; break }
                    if scanner.hasPrefix("/>") { scanner.index += 2; selfClosing = true; break }
                    let attribute = scanner.name().lowercased()
                    guard !attribute.isEmpty else { throw ParseError(message: "unexpected \(c) in <\(name)>", offset: scanner.index) }
                    var value = ""
                    scanner.skipSpaces()
                    if scanner.peek() == "=" {
                        scanner.index += 1
                        scanner.skipSpaces()
                        guard let quote = scanner.next(), quote == "\"" || quote == "'" else {
                            throw ParseError(message: "unquoted value of \(attribute) in <\(name)>", offset: scanner.index)
                        }
                        var raw = ""
                        while let v = scanner.next(), v != quote {
                            if v == "<" { throw ParseError(message: "raw < in the value of \(attribute) in <\(name)> (unescaped)", offset: scanner.index) }
                            raw.unicodeScalars.append(v)
                        }
                        value = try Self.decode(raw, at: scanner.index)
                    }
                    guard attributes[attribute] == nil else { throw ParseError(message: "\(attribute) twice in <\(name)>", offset: scanner.index) }
                    attributes[attribute] = value
                }
                let element = Element(name: name, attributes: attributes)
                element.parent = open.last
                open.last!.children.append(.element(element))
                if Self.rawTextElements.contains(name) && !selfClosing {
                    let end = "</\(name)>"
                    let start = scanner.index
                    guard scanner.skip(past: end) else { throw ParseError(message: "unterminated <\(name)>", offset: start) }
                    let body = String(String.UnicodeScalarView(scanner.scalars[start..<(scanner.index - end.unicodeScalars.count)]))
                    if !body.isEmpty { element.children.append(.text(body)) }
                } else if !selfClosing && !Self.voidElements.contains(name) {
                    open.append(element)
                }
            }
        }
        try flushText()
        guard open.count == 1 else { throw ParseError(message: "<\(open.last!.name)> is never closed", offset: scanner.index) }
        root = document
    }

    /// Decodes character references; a `&` that starts none is an escaping mistake.
    static func decode(_ raw: String, at offset: Int) throws -> String {
        guard raw.contains("&") else { return raw }
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        var out = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                throw ParseError(message: "a bare & (unescaped) in \(raw.prefix(60))", offset: offset)
            }
            let name = String(rest[rest.index(after: amp)..<semi])
            if let value = named[name] {
                out += value
            } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let n = UInt32(name.dropFirst(2), radix: 16), let s = Unicode.Scalar(n) {
                out.unicodeScalars.append(s)
            } else if name.hasPrefix("#"), let n = UInt32(name.dropFirst()), let s = Unicode.Scalar(n) {
                out.unicodeScalars.append(s)
            } else {
                throw ParseError(message: "unknown entity &\(name);", offset: offset)
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }
        func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
        mutating func next() -> Unicode.Scalar? { defer { index += 1 }; return peek() }
        func hasPrefix(_ s: String) -> Bool {
            let p = Array(s.unicodeScalars)
            return index + p.count <= scalars.count && Array(scalars[index..<(index + p.count)]) == p
        }
        mutating func skip(past s: String) -> Bool {
            while index < scalars.count { if hasPrefix(s) { index += s.unicodeScalars.count; return true }; index += 1 }
            return false
        }
        mutating func skipSpaces() { while let c = peek(), c.properties.isWhitespace { index += 1 } }
        mutating func name() -> String {
            var s = ""
            while let c = peek(), c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" || c == ":" || c == "." {
                s.unicodeScalars.append(c); index += 1
            }
            return s
        }
    }

    // MARK: Queries

    var html: Element? { root.first("html") }
    var lang: String? { html?["lang"] }
    var title: String? { root.first("title")?.text }
    var h1: [String] { root.all("h1").map(\.text) }
    var headings: [String] { root.descendants.filter { ["h2", "h3"].contains($0.name) }.map(\.text) }
    var main: Element? { root.first("main") }
    func all(_ name: String, _ attribute: String? = nil, _ value: String? = nil) -> [Element] { root.all(name, attribute, value) }
    func first(_ name: String, _ attribute: String? = nil, _ value: String? = nil) -> Element? { root.first(name, attribute, value) }

    /// The names of the fields a form posts (inputs, selects, text areas), hidden ones included.
    func fieldNames(in form: Element? = nil) -> Set<String> {
        Set((form ?? root).descendants.filter { ["input", "select", "textarea"].contains($0.name) }.compactMap { $0["name"] })
    }

    /// Links in the page's `main` landmark.
    var links: [String] { (main ?? root).all("a").compactMap { $0["href"] } }

    /// The label a person hears for the control with `id`: its `<label for>`, or its `aria-label`.
    func label(of id: String) -> String? {
        if let label = root.first("label", "for", id) { return label.text }
        return root.descendants.first { $0["id"] == id }?["aria-label"]
    }

    /// The checks every page must pass: language, one `h1` inside `main`, a title, unique ids, and a
    /// name (label or aria-label) for every visible form control.
    func assertWellFormedPage(lang expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(lang, expected, "lang attribute", file: file, line: line)
        XCTAssertEqual(all("h1").count, 1, "one h1", file: file, line: line)
        XCTAssertEqual(all("main").count, 1, "one main landmark", file: file, line: line)
        XCTAssertNotNil(main?.first("h1"), "the h1 is inside main", file: file, line: line)
        XCTAssertFalse((title ?? "").isEmpty, "a title", file: file, line: line)
        let ids = root.descendants.compactMap { $0["id"] }
        XCTAssertEqual(ids.count, Set(ids).count, "duplicate ids: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })", file: file, line: line)
        for control in root.descendants where ["input", "select", "textarea"].contains(control.name) {
            guard !["hidden", "submit", "button"].contains(control["type"] ?? "") else { continue }
            let named = control["aria-label"] != nil || control["id"].flatMap { label(of: $0) }.map { !$0.isEmpty } == true
                || Self.ancestors(of: control).contains { $0.name == "label" }
            XCTAssertTrue(named, "the control \(control["name"] ?? "?") has a label", file: file, line: line)
        }
    }

    static func ancestors(of element: Element) -> [Element] {
        var result: [Element] = []
        var current = element.parent
        while let e = current { result.append(e); current = e.parent }
        return result
    }
}

/// A page context as a controller builds it, for tests that render views directly.
func viewContext(_ language: UILanguage, path: String = "/132152/", staff: String? = nil,
                 links: [PageContext.Link] = []) -> PageContext {
    PageContext(language: language, municipalityName: language == .ja ? "国立市" : "Kunitachi", municipalityCode: "132152",
                staffName: staff, csrfToken: "test-csrf-token", path: path, staffLinks: links)
}
