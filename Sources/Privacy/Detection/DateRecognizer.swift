import MadoguchiCore

/// Finds dates (2001年2月3日, 2001/02/03, 昭和55年3月4日, S55.3.4, 令和元年5月1日) that are birth
/// dates: next to 生年月日 or 生まれ, followed by 生, or in a line that also holds a name. A date
/// alone is an event date, not personal information, and is not reported.
enum DateRecognizer {
    static let eras: [(name: [Unicode.Scalar], initial: Unicode.Scalar)] =
        [("明治", "M"), ("大正", "T"), ("昭和", "S"), ("平成", "H"), ("令和", "R")].map { ($0.0.scalarArray, Unicode.Scalar($0.1)!) }
    /// Core's eras in the order of `eras`: a date is checked against its era's first and last day
    /// here, as `Wareki.parse` checks it, without building a text to parse.
    static let japaneseEras: [(era: JapaneseEra, end: CivilDate?)] = eras.map { entry in
        let era = JapaneseEra.all.first { Array($0.name.unicodeScalars) == entry.name }!
        return (era, era.end)
    }

    /// 明, 大, 昭, 平, 令: the first scalar of an era name.
    @inline(__always)
    static func isEraStart(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x660E, 0x5927, 0x662D, 0x5E73, 0x4EE4: return true
        default: return false
        }
    }

    /// M, T, S, H, R in either case.
    @inline(__always)
    static func isEraInitial(_ c: Unicode.Scalar) -> Bool {
        switch c.value | 0x20 {
        case 0x6D, 0x74, 0x73, 0x68, 0x72: return c.value < 0x80
        default: return false
        }
    }

    @inline(__always)
    static func isSeparator(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x5E74, 0x6708, 0x65E5, 0x2F, 0x2E, 0x2D, 0xFF0F, 0xFF0E, 0xFF0D: return true // 年月日/.-／．－
        default: return false
        }
    }

    /// Calls `found` with each date in the text, with no score yet: `PIIScanner` scores them from the context.
    static func dates(in text: ScanText, _ found: (_ start: Int, _ end: Int) -> Void) {
        let s = text.scalars
        var i = 0
        while i < s.count {
            let c = s[i]
            // Kana and most kanji start nothing: one comparison passes them over.
            let v = c.value
            if v >= 0x80, v < 0xFF10 || v > 0xFF19, v < 0x4EE4 || v > 0x662D || !isEraStart(c) { i += 1; continue }
            var end: Int?
            if isEraStart(c), let era = eras.firstIndex(where: { text.has($0.name, at: i) }) {
                end = parseDate(text, from: i, afterEra: i + eras[era].name.count, era: era)
            } else if isEraInitial(c),
                      i == 0 || !ScalarClass.isASCIILetter(s[i - 1]), let d = text[i + 1], ScalarClass.isDigit(d),
                      let era = eras.firstIndex(where: { $0.initial.value == c.value & ~0x20 }) {
                end = parseDate(text, from: i, afterEra: i + 1, era: era)
            } else if ScalarClass.isDigit(c), i == 0 || !ScalarClass.isDigit(s[i - 1]) {
                end = parseDate(text, from: i, afterEra: nil, era: nil)
            }
            if let e = end {
                found(i, e)
                i = e
            } else {
                i += 1
            }
        }
    }

    /// Reads year, month and day with separators; returns the end offset when they form a real date.
    static func parseDate(_ text: ScanText, from start: Int, afterEra: Int?, era: Int?) -> Int? {
        var j = afterEra ?? start
        var numbers = InlineArray<3, Int>(repeating: 0)
        var count = 0
        var yearDigits = 0
        while count < 3 {
            while let c = text[j], ScalarClass.isSpace(c), afterEra != nil { j += 1 }
            var value = 0
            var digits = 0
            if count == 0, text[j] == "元" { value = 1; digits = 1; j += 1 }
            while let c = text[j], let d = ScalarClass.digitValue(c), digits < 4 { value = value * 10 + d; digits += 1; j += 1 }
            guard digits > 0 else { return nil }
            if count == 0 { yearDigits = digits }
            numbers[count] = value
            count += 1
            guard let sep = text[j], isSeparator(sep) else {
                if count == 3 { break }
                return nil
            }
            if count == 3 { if sep == "日" { j += 1 }; break }
            j += 1
        }
        if let next = text[j], ScalarClass.isDigit(next) { return nil }
        let (y, m, d) = (numbers[0], numbers[1], numbers[2])
        if let era {
            let (japaneseEra, last) = japaneseEras[era]
            guard y >= 1, y <= 64, let date = CivilDate(year: japaneseEra.firstYear + y - 1, month: m, day: d),
                  date >= japaneseEra.start, last.map({ date <= $0 }) ?? true else { return nil }
            return j
        }
        guard yearDigits == 4, (1868...2100).contains(y), CivilDate(year: y, month: m, day: d) != nil else { return nil }
        return j
    }
}
