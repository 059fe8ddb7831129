import Foundation

/// The encodings other than UTF-8 that cities' files come in, decoded a chunk at a time with the
/// same acceptance as `TextDecoding` (Foundation's decoders): each chunk is cut where a character
/// ends, so decoding the pieces gives what decoding the whole would.
enum LegacyScalars {
    /// UTF-16 after its byte-order mark. Returns how many bytes were used (an odd byte or a high
    /// surrogate at the end waits for the next chunk), or nil for a lone surrogate.
    static func decodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool, into out: inout [Unicode.Scalar]) -> Int? {
        var i = 0
        func unit(at index: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1]) : UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index])
        }
        while i + 1 < bytes.count {
            let u = unit(at: i)
            switch u {
            case 0xD800...0xDBFF:
                guard i + 3 < bytes.count else { return i }
                let low = unit(at: i + 2)
                guard (0xDC00...0xDFFF).contains(low) else { return nil }
                out.append(Unicode.Scalar(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00))!)
                i += 4
            case 0xDC00...0xDFFF:
                return nil
            default:
                out.append(Unicode.Scalar(u)!)
                i += 2
            }
        }
        return i
    }

    /// Shift_JIS (CP932). Returns how many bytes were used (a lead byte at the end waits for the
    /// next chunk), or nil when the bytes are not Shift_JIS.
    static func decodeShiftJIS(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [Unicode.Scalar]) -> Int? {
        var end = 0
        while end < bytes.count {
            let b = bytes[end]
            let width = (0x81...0x9F).contains(b) || (0xE0...0xFC).contains(b) ? 2 : 1
            if end + width > bytes.count { break }
            end += width
        }
        guard end > 0 else { return 0 }
        guard let text = String(data: Data(bytes[0..<end]), encoding: .shiftJIS) else { return nil }
        out.append(contentsOf: text.unicodeScalars)
        return end
    }
}
