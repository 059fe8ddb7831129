/// UTF-8 checked and decoded straight from bytes, a chunk at a time: the scanner's hot path, with
/// no `String` in between. The check is the strict one `String(validating:)` makes (no overlong
/// forms, no surrogates, nothing above U+10FFFF).
enum UTF8Scalars {
    /// How many leading bytes of `bytes` are complete, valid sequences; the rest (at most three
    /// bytes) starts a sequence that the next chunk completes. Nil when the bytes are not UTF-8.
    static func validPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        var i = 0
        while i < count {
            // Eight ASCII bytes at a time.
            if i + 8 <= count, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            // Kana and most kanji: E1–EC or EE–EF and two continuation bytes.
            if i + 3 <= count, b0 >= 0xE1, b0 != 0xED, b0 <= 0xEF, base[i + 1] & 0xC0 == 0x80, base[i + 2] & 0xC0 == 0x80 {
                i += 3
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xED: length = 3; high = 0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; low = 0x90
            case 0xF4: length = 4; high = 0x8F
            case 0xF1...0xF3: length = 4
            default: return nil
            }
            var j = 1
            while j < length {
                guard i + j < count else { return i }
                let b = base[i + j]
                if j == 1 { guard b >= low && b <= high else { return nil } } else { guard b & 0xC0 == 0x80 else { return nil } }
                j += 1
            }
            i += length
        }
        return count
    }

    /// Checks and decodes in one pass: appends the scalars of the complete sequences of `bytes` to
    /// `out` and returns how many bytes they took (as `validPrefix`), or nil when the bytes are not
    /// UTF-8.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [Unicode.Scalar]) -> Int? {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        let old = out.count
        // Never more scalars than bytes: write into room made once, then trim.
        out.append(contentsOf: repeatElement(Unicode.Scalar(0), count: count))
        var used: Int? = 0
        let written = out.withUnsafeMutableBufferPointer { scalars -> Int in
            scalars.withMemoryRebound(to: UInt32.self) { words -> Int in
                let dst = words.baseAddress! + old
                var i = 0
                var n = 0
                while i < count {
                    let b0 = UInt32(base[i])
                    if b0 < 0x80 {
                        dst[n] = b0
                        i += 1
                        n += 1
                        continue
                    }
                    if i + 3 <= count, b0 >= 0xE1, b0 != 0xED, b0 <= 0xEF {
                        let b1 = base[i + 1]
                        let b2 = base[i + 2]
                        if b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 {
                            dst[n] = (b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
                            i += 3
                            n += 1
                            continue
                        }
                    }
                    let length: Int
                    var low: UInt8 = 0x80
                    var high: UInt8 = 0xBF
                    switch b0 {
                    case 0xC2...0xDF: length = 2
                    case 0xE0: length = 3; low = 0xA0
                    case 0xED: length = 3; high = 0x9F
                    case 0xE1...0xEF: length = 3
                    case 0xF0: length = 4; low = 0x90
                    case 0xF4: length = 4; high = 0x8F
                    case 0xF1...0xF3: length = 4
                    default: used = nil; return n
                    }
                    guard i + length <= count else {
                        // A sequence cut by the end of the chunk: valid so far, or not UTF-8 at all.
                        var j = 1
                        while i + j < count {
                            let b = base[i + j]
                            let ok = j == 1 ? (b >= low && b <= high) : (b & 0xC0 == 0x80)
                            if !ok { used = nil; return n }
                            j += 1
                        }
                        break
                    }
                    let b1 = base[i + 1]
                    guard b1 >= low && b1 <= high else { used = nil; return n }
                    switch length {
                    case 2:
                        dst[n] = (b0 & 0x1F) << 6 | UInt32(b1 & 0x3F)
                    case 3:
                        let b2 = base[i + 2]
                        guard b2 & 0xC0 == 0x80 else { used = nil; return n }
                        dst[n] = (b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
                    default:
                        let b2 = base[i + 2]
                        let b3 = base[i + 3]
                        guard b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { used = nil; return n }
                        dst[n] = (b0 & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(b2 & 0x3F) << 6 | UInt32(b3 & 0x3F)
                    }
                    i += length
                    n += 1
                }
                used = i
                return n
            }
        }
        out.removeLast(count - written)
        return used
    }
}
