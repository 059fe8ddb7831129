import Foundation

/// The vocabularies DCAT output uses.
enum RDFNamespace {
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let dcat = "http://www.w3.org/ns/dcat#"
    static let dct = "http://purl.org/dc/terms/"
    static let foaf = "http://xmlns.com/foaf/0.1/"
    static let vcard = "http://www.w3.org/2006/vcard/ns#"
    static let hydra = "http://www.w3.org/ns/hydra/core#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"
    static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    static let skos = "http://www.w3.org/2004/02/skos/core#"
    static let locn = "http://www.w3.org/ns/locn#"
    /// DCAT-AP's own terms (`dcatap:availability`).
    static let dcatap = "http://data.europa.eu/r5r/"
    static let prefixes: [(String, String)] = [("rdf", rdf), ("rdfs", rdfs), ("dcat", dcat), ("dct", dct), ("foaf", foaf), ("vcard", vcard),
                                               ("skos", skos), ("locn", locn), ("dcatap", dcatap), ("hydra", hydra), ("xsd", xsd)]

    static func expand(_ curie: String) -> String {
        guard let colon = curie.firstIndex(of: ":") else { return curie }
        let prefix = String(curie[..<colon])
        guard let base = prefixes.first(where: { $0.0 == prefix })?.1 else { return curie }
        return base + curie[curie.index(after: colon)...]
    }
}

/// An RDF node: an IRI or a literal with a language or a datatype.
enum RDFTerm: Hashable {
    case iri(String)
    case literal(String, language: String?)
    case typed(String, String)
}

/// One triple; the predicate is a CURIE from `RDFNamespace.prefixes`.
struct RDFStatement: Hashable {
    let subject: RDFTerm
    let predicate: String
    let object: RDFTerm
    init(_ subject: RDFTerm, _ predicate: String, _ object: RDFTerm) { self.subject = subject; self.predicate = predicate; self.object = object }
}

/// Minimal Turtle and JSON-LD writers: small enough to audit, escaping done by the rules of each syntax.
enum RDFWriter {
    static func turtle(_ statements: [RDFStatement]) -> String {
        var out = RDFNamespace.prefixes.map { "@prefix \($0.0): <\($0.1)> .\n" }.joined() + "\n"
        var order: [RDFTerm] = []
        var bySubject: [RDFTerm: [RDFStatement]] = [:]
        for s in statements {
            if bySubject[s.subject] == nil { order.append(s.subject) }
            bySubject[s.subject, default: []].append(s)
        }
        for subject in order {
            out += term(subject) + "\n"
            let lines = bySubject[subject]!.map { "    " + ($0.predicate == "rdf:type" ? "a" : $0.predicate) + " " + term($0.object) }
            out += lines.joined(separator: " ;\n") + " .\n\n"
        }
        return out
    }

    static func term(_ t: RDFTerm) -> String {
        switch t {
        case .iri(let iri): return "<" + escapeIRI(iri) + ">"
        case .literal(let text, let language): return "\"" + escapeString(text) + "\"" + (language.map { "@" + $0 } ?? "")
        case .typed(let text, let type): return "\"" + escapeString(text) + "\"^^<" + escapeIRI(type) + ">"
        }
    }

    static func escapeString(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Characters Turtle forbids in IRIs are percent-encoded.
    static func escapeIRI(_ iri: String) -> String {
        var out = ""
        for scalar in iri.unicodeScalars {
            if scalar.value <= 0x20 || "<>\"{}|^`\\".unicodeScalars.contains(scalar) {
                out += String(format: "%%%02X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func jsonLD(_ statements: [RDFStatement]) -> String {
        var order: [String] = []
        var nodes: [String: [String: Any]] = [:]
        for s in statements {
            guard case .iri(let subject) = s.subject else { continue }
            if nodes[subject] == nil { order.append(subject); nodes[subject] = ["@id": escapeIRI(subject)] }
            let key = s.predicate == "rdf:type" ? "@type" : RDFNamespace.expand(s.predicate)
            let value: Any
            switch s.object {
            case .iri(let iri): value = s.predicate == "rdf:type" ? escapeIRI(iri) : ["@id": escapeIRI(iri)]
            case .literal(let text, let language): value = language.map { ["@value": text, "@language": $0] } ?? ["@value": text]
            case .typed(let text, let type): value = ["@value": text, "@type": type]
            }
            var node = nodes[subject]!
            if let existing = node[key] {
                node[key] = (existing as? [Any] ?? [existing]) + [value]
            } else {
                node[key] = [value]
            }
            nodes[subject] = node
        }
        let document: [String: Any] = ["@graph": order.map { nodes[$0]! }]
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
