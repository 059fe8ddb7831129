/// One extra header of a message (e.g. RFC 8058's `List-Unsubscribe` and `List-Unsubscribe-Post`).
/// Checked when made and again when read back from the outbox, so a stored header cannot add others:
/// the name is a plain RFC 5322 field name that is not one the transport writes itself, the value
/// has no line break or other control character and is at most `maxValueLength` bytes.
public struct MailHeader: Sendable, Codable, Equatable {
    public let name: String
    public let value: String

    public static let maxValueLength = 900
    /// Written by the transport from the message itself; never taken from a caller.
    public static let reserved: Set<String> = ["from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version",
                                               "content-type", "content-transfer-encoding", "reply-to", "sender", "return-path",
                                               "received", "resent-from", "resent-to", "resent-cc", "resent-bcc"]

    public init(name: String, value: String) throws {
        guard !name.isEmpty, name.utf8.count <= 76,
              name.utf8.allSatisfy({ (33...126).contains($0) && $0 != UInt8(ascii: ":") }) else {
            throw MailHeaderError(name: String(name.prefix(40)), reason: .invalidName)
        }
        guard !Self.reserved.contains(name.lowercased()) else { throw MailHeaderError(name: name, reason: .reserved) }
        guard value.utf8.count <= Self.maxValueLength else { throw MailHeaderError(name: name, reason: .tooLong) }
        guard !value.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 || (0x80...0x9F).contains($0.value) }) else {
            throw MailHeaderError(name: name, reason: .controlCharacter)
        }
        self.name = name
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(name: container.decode(String.self, forKey: .name), value: container.decode(String.self, forKey: .value))
    }
}

/// Why a header was refused (its name, never its value: the value may be anything).
public struct MailHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable { case invalidName, reserved, tooLong, controlCharacter }
    public let name: String
    public let reason: Reason
    public var description: String { "mail header \(name): \(reason.rawValue)" }
}
