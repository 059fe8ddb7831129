import Vapor

extension Request {
    private struct PostedFieldsKey: StorageKey { typealias Value = [String: String] }

    /// The fields of this request's form body, decoded once and kept for the request: `CSRFMiddleware`
    /// reads `_csrf` from them and the handler (a form step, a navigator screen) the rest, so no body is
    /// decoded twice. A URL-encoded body is read by `URLEncodedFields` (one pass over its bytes); any
    /// other (multipart) by Vapor's decoder. A malformed body is a 400, as Vapor's decoder answers.
    func postedFields() throws -> [String: String] {
        if let fields = storage[PostedFieldsKey.self] { return fields }
        let fields: [String: String]
        if headers.contentType == .urlEncodedForm, let data = body.data {
            guard let parsed = URLEncodedFields.parse(data) else {
                throw Abort(.badRequest, reason: "The form's body is not a well-formed URL-encoded form.")
            }
            fields = parsed
        } else {
            fields = try content.decode([String: String].self)
        }
        storage[PostedFieldsKey.self] = fields
        return fields
    }
}

/// `application/x-www-form-urlencoded` as a flat map of names to values, read as Vapor's decoder reads a
/// `[String: String]` (`+` is a space, then percent-escapes; a repeated name keeps its last value), and
/// refused (nil) where that decoder refuses: a pair without `=`, an empty name, a bad percent-escape,
/// bytes that are not UTF-8, and any name with `[` (Vapor's nesting, which a flat map cannot hold).
enum URLEncodedFields {
    static func parse(_ buffer: ByteBuffer) -> [String: String]? {
        buffer.readableBytesView.withContiguousStorageIfAvailable { parse(UnsafeRawBufferPointer($0)) } ?? parse(Array(buffer.readableBytesView))
    }

    static func parse(_ bytes: [UInt8]) -> [String: String]? {
        bytes.withUnsafeBytes { parse($0) }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) -> [String: String]? {
        var fields: [String: String] = [:]
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                var equals = start
                while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                guard equals < end, equals > start,
                      let name = decode(UnsafeRawBufferPointer(rebasing: bytes[start..<equals])), !name.contains("["),
                      let value = decode(UnsafeRawBufferPointer(rebasing: bytes[(equals + 1)..<end])) else { return nil }
                fields[name] = value
            }
            start = end + 1
        }
        return fields
    }

    /// One component: as it is when it holds neither `+` nor `%`, else decoded into a byte buffer.
    private static func decode(_ part: UnsafeRawBufferPointer) -> String? {
        guard part.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(validating: part, as: UTF8.self)
        }
        var out = [UInt8]()
        out.reserveCapacity(part.count)
        var i = 0
        while i < part.count {
            switch part[i] {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " ")); i += 1
            case UInt8(ascii: "%"):
                guard i + 2 < part.count, let high = hex(part[i + 1]), let low = hex(part[i + 2]) else { return nil }
                out.append(high << 4 | low); i += 3
            default:
                out.append(part[i]); i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
