/// Character classes the recognisers share, on Unicode scalars: the scanner works on scalars
/// (not `Character`s) because that is what makes a 50 MB corpus fast to scan, and because the
/// offsets it reports are code-point offsets like those of other tools.
enum ScalarClass {
    /// 0–9 for ASCII and full-width digits, nil otherwise.
    @inline(__always)
    static func digitValue(_ s: Unicode.Scalar) -> Int? {
        let v = s.value
        if v >= 0x30 && v <= 0x39 { return Int(v - 0x30) }
        if v >= 0xFF10 && v <= 0xFF19 { return Int(v - 0xFF10) }
        return nil
    }

    @inline(__always)
    static func isDigit(_ s: Unicode.Scalar) -> Bool { digitValue(s) != nil }

    /// Hyphens, dashes and spaces people put inside numbers (ASCII, full-width, the long-vowel mark
    /// typed by mistake, the ideographic space).
    @inline(__always)
    static func isNumberSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0x30FC, 0xFF0D, 0x3000, 0xFF70: return true
        default: return false
        }
    }

    /// 漢字 (CJK unified ideographs and extension A) and the iteration mark 々.
    @inline(__always)
    static func isKanji(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || v == 0x3005 || (v >= 0xF900 && v <= 0xFAFF)
    }

    @inline(__always)
    static func isHiragana(_ s: Unicode.Scalar) -> Bool { s.value >= 0x3041 && s.value <= 0x309F }

    @inline(__always)
    static func isKatakana(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30A1 && s.value <= 0x30FF }

    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool { s.value == 0x20 || s.value == 0x3000 || s.value == 0x09 }

    /// Kanji numerals, used in addresses (三丁目) and dates (昭和五十年).
    @inline(__always)
    static func isKanjiNumeral(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341: return true // 〇一二三四五六七八九十
        default: return false
        }
    }

    @inline(__always)
    static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }
}
