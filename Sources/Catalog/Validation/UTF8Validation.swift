/// Checks bytes arriving in pieces for well-formed UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF), as Foundation does before reading a file as UTF-8, so a
/// file can be validated while it streams instead of being decoded whole first.
struct UTF8Validation {
    /// The start of a sequence cut by the end of the last piece.
    private var pending: [UInt8] = []

    /// False as soon as the bytes cannot be UTF-8, whatever follows.
    mutating func accept(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if !pending.isEmpty {
            let length = Self.sequenceLength(pending[0])
            while pending.count < length, i < piece.count { pending.append(piece[i]); i += 1 }
            if pending.count < length { return true }
            let complete = pending.withUnsafeBufferPointer { Self.isValidSequence($0, at: 0, length: length) }
            pending.removeAll()
            if !complete { return false }
        }
        let n = piece.count
        guard let base = piece.baseAddress else { return true }
        while i < n {
            // Eight ASCII bytes at a time: most of a CSV is digits, commas and Latin text.
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let lead = piece[i]
            if lead < 0x80 { i += 1; continue }
            let length = Self.sequenceLength(lead)
            if length == 0 { return false }
            if i + length > n {
                pending.append(contentsOf: piece[i..<n])
                return true
            }
            if !Self.isValidSequence(piece, at: i, length: length) { return false }
            i += length
        }
        return true
    }

    /// True when the text did not end inside a sequence.
    var isComplete: Bool { pending.isEmpty }

    /// 2, 3 or 4 for a valid lead byte, 0 for a byte that cannot start a sequence.
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    private static func isValidSequence(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Bool {
        let lead = bytes[i]
        let second = bytes[i + 1]
        let secondRange: ClosedRange<UInt8>
        switch lead {
        case 0xE0: secondRange = 0xA0...0xBF
        case 0xED: secondRange = 0x80...0x9F
        case 0xF0: secondRange = 0x90...0xBF
        case 0xF4: secondRange = 0x80...0x8F
        default: secondRange = 0x80...0xBF
        }
        guard secondRange.contains(second) else { return false }
        for k in 2..<max(length, 2) where bytes[i + k] & 0xC0 != 0x80 { return false }
        return true
    }
}
