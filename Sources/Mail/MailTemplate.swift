import Foundation

/// A message many recipients share, in the manner of GOV.UK Notify's template + personalisation:
/// the subject, body and extra header values are literal text and named fields, and each
/// recipient's own outbox row carries only its address and the fields' values
/// (`MailPersonalisation`). A fan-out keeps the text once per batch (`OutboxTemplate`, sealed)
/// instead of once per subscriber. Literal text is never searched for placeholders: a notice
/// whose text happens to contain `((token))` or any other marker stays exactly that text.
public struct MailTemplate: Sendable, Codable, Equatable {
    /// A piece of text: written as it is, or a field filled from the recipient's values.
    public enum Part: Sendable, Equatable, Codable {
        case text(String)
        case field(String)

        private enum CodingKeys: String, CodingKey { case t, f }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try container.decodeIfPresent(String.self, forKey: .t) {
                self = .text(text)
            } else {
                self = .field(try container.decode(String.self, forKey: .f))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text): try container.encode(text, forKey: .t)
            case .field(let name): try container.encode(name, forKey: .f)
            }
        }
    }

    /// An extra header whose value may hold fields (e.g. RFC 8058's `List-Unsubscribe` link).
    public struct Header: Sendable, Equatable, Codable {
        public let name: String
        public let value: [Part]
        public init(name: String, value: [Part]) {
            self.name = name
            self.value = value
        }
    }

    public let subject: [Part]
    public let body: [Part]
    public let headers: [Header]

    public init(subject: [Part], body: [Part], headers: [Header] = []) {
        self.subject = subject
        self.body = body
        self.headers = headers
    }

    /// Every field the template names: each recipient must give a value for each.
    public var fieldNames: Set<String> {
        var names = Set<String>()
        for part in subject + body + headers.flatMap(\.value) {
            if case .field(let name) = part { names.insert(name) }
        }
        return names
    }

    /// The recipient's message. Throws `MailTemplateError` for a field without a value and
    /// `MailHeaderError` for a header the values would make unsafe (a line break in a link).
    public func render(to address: String, fields: [String: String]) throws -> MailMessage {
        func fill(_ parts: [Part]) throws -> String {
            var text = ""
            for part in parts {
                switch part {
                case .text(let literal): text += literal
                case .field(let name):
                    guard let value = fields[name] else { throw MailTemplateError(field: name) }
                    text += value
                }
            }
            return text
        }
        return MailMessage(to: address, subject: try fill(subject), body: try fill(body),
                           headers: try headers.map { try MailHeader(name: $0.name, value: try fill($0.value)) })
    }
}

/// A template field no value was given for (its name only).
public struct MailTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public var description: String { "mail template: no value for the field \(field)" }
}

/// One recipient of a templated message, as its outbox row's sealed document holds it: the
/// template's id, the address and the fields' values. Written first-key-first (`"template"`), so
/// the delivery tells it from a whole `MailMessage` document by its opening bytes.
struct MailPersonalisation: Sendable, Codable, Equatable {
    let template: UUID
    let to: String
    let fields: [String: String]

    static let opening = #"{"template":""#

    static func isPersonalisation(_ document: String) -> Bool { document.utf8.starts(with: opening.utf8) }

    /// The document, written directly as UTF-8 bytes (a fan-out writes one per subscriber).
    var jsonDocument: String {
        var out: [UInt8] = []
        out.reserveCapacity(64 + to.utf8.count + fields.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 8 })
        out += Self.opening.utf8
        out += template.uuidString.lowercased().utf8
        out += #"","to":"#.utf8
        MailMessage.appendJSON(to, to: &out)
        out += #","fields":{"#.utf8
        for (index, (name, value)) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            MailMessage.appendJSON(name, to: &out)
            out.append(UInt8(ascii: ":"))
            MailMessage.appendJSON(value, to: &out)
        }
        out += "}}".utf8
        return String(decoding: out, as: UTF8.self)
    }
}
