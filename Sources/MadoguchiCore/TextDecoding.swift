import Foundation

/// Reads text files as cities publish them: UTF-8 with or without a BOM, Shift_JIS/CP932, or
/// UTF-16 with a BOM. Detects rather than assumes, and says which encoding it found.
public enum TextDecoding {
    public enum Encoding: String, Sendable, Codable {
        case utf8 = "UTF-8"
        case utf8WithBOM = "UTF-8 (BOM)"
        case shiftJIS = "Shift_JIS (CP932)"
        case utf16LittleEndian = "UTF-16LE"
        case utf16BigEndian = "UTF-16BE"
    }

    /// Why bytes could not be read as text.
    public enum Failure: Error, Equatable, Sendable {
        /// NUL bytes or other control bytes: an image, a spreadsheet, a zip.
        case binary
        /// Neither valid UTF-8 nor valid Shift_JIS.
        case unknownEncoding

        public var message: LocalizedText {
            switch self {
            case .binary:
                return LocalizedText(ja: "テキストファイルではありません（バイナリファイルの可能性があります）",
                                     en: "This is not a text file")
            case .unknownEncoding:
                return LocalizedText(ja: "文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）",
                                     en: "Unknown character encoding (save as UTF-8 or Shift_JIS)")
            }
        }
    }

    public struct Decoded: Sendable, Equatable {
        public let text: String
        public let encoding: Encoding
    }

    public static func decode(_ data: Data) throws(Failure) -> Decoded {
        let bytes = [UInt8](data.prefix(4))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(data: data.dropFirst(3), encoding: .utf8) else { throw .unknownEncoding }
            return Decoded(text: text, encoding: .utf8WithBOM)
        }
        if bytes.starts(with: [0xFF, 0xFE]), let text = String(data: data.dropFirst(2), encoding: .utf16LittleEndian) {
            return Decoded(text: text, encoding: .utf16LittleEndian)
        }
        if bytes.starts(with: [0xFE, 0xFF]), let text = String(data: data.dropFirst(2), encoding: .utf16BigEndian) {
            return Decoded(text: text, encoding: .utf16BigEndian)
        }
        if looksBinary(data) { throw .binary }
        if let text = String(data: data, encoding: .utf8) { return Decoded(text: text, encoding: .utf8) }
        if let text = String(data: data, encoding: .shiftJIS) { return Decoded(text: text, encoding: .shiftJIS) }
        throw .unknownEncoding
    }

    /// True when the first 8 KiB hold a NUL or many C0 control bytes other than tab, CR, LF, FF, ESC.
    /// Public for readers that stream a file instead of decoding it whole (the privacy scanner).
    public static func looksBinary(_ data: Data) -> Bool {
        var controls = 0
        let sample = data.prefix(8192)
        for byte in sample {
            if byte == 0 { return true }
            if byte < 0x20 && ![0x09, 0x0A, 0x0D, 0x0C, 0x1B].contains(byte) { controls += 1 }
        }
        return !sample.isEmpty && controls * 20 > sample.count
    }
}
