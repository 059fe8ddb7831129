/// `Content-Disposition: attachment` with a file name any browser reads safely (RFC 6266): an
/// ASCII-only `filename` (other characters, quotes and backslashes become `_`) for old clients,
/// and `filename*` with the UTF-8 name percent-encoded (RFC 5987) for the rest. Vapor's own
/// serialisation would put the raw name between quotes.
enum ContentDispositionValue {
    static func attachment(fileName: String) -> String {
        let ascii = String(fileName.unicodeScalars.map { scalar -> Character in
            (0x20..<0x7F).contains(scalar.value) && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
        })
        return "attachment; filename=\"\(ascii.isEmpty ? "download" : ascii)\"; filename*=UTF-8''\(percentEncoded(fileName))"
    }

    /// RFC 5987 `value-chars`: ALPHA / DIGIT and `!#$&+-.^_`|~` as they are, every other byte as %XX.
    static func percentEncoded(_ text: String) -> String {
        let kept = Set("!#$&+-.^_`|~".utf8)
        var out = ""
        for byte in text.utf8 {
            if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || kept.contains(byte) {
                out.append(Character(UnicodeScalar(byte)))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
