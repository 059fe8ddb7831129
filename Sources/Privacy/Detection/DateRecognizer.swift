import MadoguchiCore

/// Finds dates (2001年2月3日, 2001/02/03, 昭和55年3月4日, S55.3.4, 令和元年5月1日) that are birth
/// dates: next to 生年月日 or 生まれ, followed by 生, or in a line that also holds a name. A date
/// alone is an event date, not personal information, and is not reported.
enum DateRecognizer {
    static let eras: [(name: [Unicode.Scalar], initial: Unicode.Scalar)] =
        [("明治", "M"), ("大正", "T"), ("昭和", "S"), ("平成", "H"), ("令和", "R")].map { ($0.0.scalarArray, Unicode.Scalar($0.1)!) }
    static let eraStarts = Set(eras.map { $0.name[0] })
    static let eraInitials = Set(eras.map(\.initial))
    static let separators = Set("年月日/.-／．－".unicodeScalars)

    /// Dates found in the text, with no score yet: `PIIScanner` scores them from the context.
    static func dates(in text: ScanText) -> [(start: Int, end: Int)] {
        let s = text.scalars
        var found: [(Int, Int)] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            var end: Int?
            if eraStarts.contains(c), let era = eras.first(where: { text.has($0.name, at: i) }) {
                end = parseDate(text, from: i, afterEra: i + era.name.count, kanji: true)
            } else if eraInitials.contains(c) || eraInitials.contains(Unicode.Scalar(c.value &- 0x20) ?? " "),
                      i == 0 || !ScalarClass.isASCIILetter(s[i - 1]), let d = text[i + 1], ScalarClass.isDigit(d) {
                end = parseDate(text, from: i, afterEra: i + 1, kanji: false)
            } else if ScalarClass.isDigit(c), i == 0 || !ScalarClass.isDigit(s[i - 1]) {
                end = parseDate(text, from: i, afterEra: nil, kanji: false)
            }
            if let e = end {
                found.append((i, e))
                i = e
            } else {
                i += 1
            }
        }
        return found
    }

    /// Reads year, month and day with separators; returns the end offset when they form a real date.
    static func parseDate(_ text: ScanText, from start: Int, afterEra: Int?, kanji: Bool) -> Int? {
        var j = afterEra ?? start
        var numbers: [Int] = []
        var yearDigits = 0
        while numbers.count < 3 {
            while let c = text[j], ScalarClass.isSpace(c), afterEra != nil { j += 1 }
            var value = 0
            var digits = 0
            if numbers.isEmpty, text[j] == "元" { value = 1; digits = 1; j += 1 }
            while let c = text[j], let d = ScalarClass.digitValue(c), digits < 4 { value = value * 10 + d; digits += 1; j += 1 }
            guard digits > 0 else { return nil }
            if numbers.isEmpty { yearDigits = digits }
            numbers.append(value)
            guard let sep = text[j], separators.contains(sep) else {
                if numbers.count == 3 { break }
                return nil
            }
            if numbers.count == 3 { if sep == "日" { j += 1 }; break }
            j += 1
        }
        if let next = text[j], ScalarClass.isDigit(next) { return nil }
        let (y, m, d) = (numbers[0], numbers[1], numbers[2])
        if let eraStart = afterEra {
            guard y <= 64 else { return nil }
            var eraText = String(String.UnicodeScalarView(text.scalars[start..<eraStart]))
            if !kanji, let name = eras.first(where: { $0.initial == Unicode.Scalar(eraText.uppercased()) })?.name {
                eraText = String(String.UnicodeScalarView(name))
            }
            guard (try? Wareki.parse("\(eraText)\(y)年\(m)月\(d)日")) != nil else { return nil }
            return j
        }
        guard yearDigits == 4, (1868...2100).contains(y), CivilDate(year: y, month: m, day: d) != nil else { return nil }
        return j
    }
}
