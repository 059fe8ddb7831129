import Foundation

/// Decodes Shift_JIS or UTF-16 arriving in pieces, cutting each piece where a character surely
/// ends, so the pieces decode to exactly what Foundation makes of the whole file (both encodings
/// are stateless) while only one piece is held.
struct TextPieceDecoder {
    enum Source { case shiftJIS, utf16LittleEndian, utf16BigEndian }

    let source: Source
    private var carry: [UInt8] = []

    init(_ source: Source) { self.source = source }

    /// The UTF-8 of the characters complete so far; nil when the bytes are not in the encoding.
    mutating func decode(_ piece: UnsafeBufferPointer<UInt8>, isFinal: Bool) -> String? {
        carry.append(contentsOf: piece)
        let cut = isFinal ? carry.count : safeCut()
        guard cut > 0 else { return "" }
        let text = carry.withUnsafeBufferPointer { bytes in
            String(data: Data(buffer: UnsafeBufferPointer(rebasing: bytes[0..<cut])), encoding: encoding)
        }
        carry.removeFirst(cut)
        return text
    }

    private var encoding: String.Encoding {
        switch source {
        case .shiftJIS: return .shiftJIS
        case .utf16LittleEndian: return .utf16LittleEndian
        case .utf16BigEndian: return .utf16BigEndian
        }
    }

    /// How many carried bytes are whole characters.
    private func safeCut() -> Int {
        switch source {
        case .shiftJIS:
            // A byte below 0x40 is never the second byte of a pair: it ends a character.
            guard let last = carry.lastIndex(where: { $0 < 0x40 }) else { return 0 }
            return last + 1
        case .utf16LittleEndian, .utf16BigEndian:
            var cut = carry.count & ~1
            // Keep a high surrogate with the low one that follows it.
            if cut >= 2 {
                let high = source == .utf16LittleEndian ? carry[cut - 1] : carry[cut - 2]
                if (0xD8...0xDB).contains(high) { cut -= 2 }
            }
            return cut
        }
    }
}
