import Foundation

/// An e-mail as the outbox keeps it: plain text, UTF-8, and any extra headers (checked: see
/// `MailHeader`). Rows stored before headers existed decode with none.
public struct MailMessage: Sendable, Codable, Equatable {
    public let to: String
    public let subject: String
    public let body: String
    public let headers: [MailHeader]

    public init(to: String, subject: String, body: String, headers: [MailHeader] = []) {
        self.to = to
        self.subject = subject
        self.body = body
        self.headers = headers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        to = try container.decode(String.self, forKey: .to)
        subject = try container.decode(String.self, forKey: .subject)
        body = try container.decode(String.self, forKey: .body)
        headers = try container.decodeIfPresent([MailHeader].self, forKey: .headers) ?? []
    }
}

extension MailMessage {
    /// The document the outbox seals: the JSON `JSONDecoder` reads back as a `MailMessage`, written
    /// directly as UTF-8 bytes (a fan-out writes one per subscriber).
    public var jsonDocument: String {
        var out: [UInt8] = []
        out.reserveCapacity(to.utf8.count + subject.utf8.count + body.utf8.count + 128 * (headers.count + 1))
        out += #"{"to":"#.utf8
        Self.appendJSON(to, to: &out)
        out += #","subject":"#.utf8
        Self.appendJSON(subject, to: &out)
        out += #","body":"#.utf8
        Self.appendJSON(body, to: &out)
        out += #","headers":["#.utf8
        for (index, header) in headers.enumerated() {
            out += (index == 0 ? #"{"name":"# : #",{"name":"#).utf8
            Self.appendJSON(header.name, to: &out)
            out += #","value":"#.utf8
            Self.appendJSON(header.value, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out += "]}".utf8
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped; every
    /// other byte of the UTF-8 text as it is (bytes of multi-byte characters are all ≥ 0x80).
    private static let hex = Array("0123456789abcdef".utf8)

    static func appendJSON(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
