/// Finds personal information in Japanese text and CSV cells.
///
/// Scores are between 0 and 1: a valid check digit, a telling column header (氏名, 住所, 電話番号,
/// 生年月日, 個人番号…) or a context word on the line raise them. Dates count as birth dates only in a
/// 生年月日 column, next to a birth-date word, or on a line that also names a person.
public struct PIIScanner: Sendable {
    public init() {}

    /// Findings in one line of free text (no column).
    public func scan(line: String, number: Int) -> [PIIFinding] {
        scan(cell: line, offset: 0, line: number, column: nil, rowContext: PIIPatterns.contextKinds(in: line))
    }

    /// Findings in one CSV cell, whose text starts at scalar `offset` of its line.
    public func scan(cell: String, offset: Int, line: Int, column: String?, rowContext: Set<PIIKind> = []) -> [PIIFinding] {
        guard !cell.isEmpty else { return [] }
        let text = PIIText.halfWidth(cell)
        let header = column.map(PIIPatterns.contextKinds(in:)) ?? []
        var found: [Candidate] = []

        /// `notAfter`: characters that may not come right before a match (a digit before a
        /// 12-digit run means it is part of a longer number, not a My Number).
        func add(_ regex: Regex<AnyRegexOutput>, _ kind: PIIKind, base: Double, notAfter: (Character) -> Bool = { $0.isASCII && $0.isNumber },
                 accept: (String) -> Bool = { _ in true }) {
            for match in text.matches(of: regex) {
                let value = String(text[match.range])
                if match.range.lowerBound > text.startIndex, notAfter(text[text.index(before: match.range.lowerBound)]) { continue }
                guard accept(value) else { continue }
                var range = scalarRange(match.range, in: text)
                // A labelled name (氏名：山田 太郎) is reported from the name, not the label.
                if kind == .personName, let colon = value.unicodeScalars.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                    let skip = value.unicodeScalars.distance(from: value.unicodeScalars.startIndex, to: colon) + 1
                    let spaces = value.unicodeScalars.dropFirst(skip).prefix { $0 == " " || $0 == "\u{3000}" }.count
                    range = (range.lowerBound + skip + spaces)..<range.upperBound
                }
                var score = base
                if header.contains(kind) { score += 0.2 } else if rowContext.contains(kind) { score += 0.1 }
                found.append(Candidate(range: range, kind: kind, score: min(score, 1)))
            }
        }

        add(PIIPatterns.myNumber, .myNumber, base: 0.8, accept: { MyNumber.isValid(MyNumber.compact($0)) })
        add(PIIPatterns.corporateNumber, .corporateNumber, base: 0.7, accept: { CorporateNumber.isValid($0) })
        add(PIIPatterns.email, .email, base: 0.9, notAfter: { _ in false })
        add(PIIPatterns.phone, .phone, base: 0.6, notAfter: { ($0.isASCII && $0.isNumber) || $0 == "-" })
        add(PIIPatterns.postalCode, .postalCode, base: 0.5, notAfter: { ($0.isASCII && $0.isNumber) || $0 == "-" })
        add(PIIPatterns.address, .address, base: 0.55, notAfter: { _ in false })
        add(PIIPatterns.honorificName, .personName, base: 0.75, notAfter: { $0.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) } ?? false })
        add(PIIPatterns.labelledName, .personName, base: 0.85, notAfter: { _ in false })
        if header.contains(.personName), !text.allSatisfy({ $0.isNumber || $0 == " " }) {
            let whole = text.trimmingCharacters(in: .whitespaces)
            if !whole.isEmpty, whole.count <= 40 {
                found.append(Candidate(range: 0..<text.unicodeScalars.count, kind: .personName, score: 0.9))
            }
        }
        let namesALine = rowContext.contains(.personName) || found.contains { $0.kind == .personName }
        if header.contains(.birthDate) || rowContext.contains(.birthDate) || namesALine {
            let base = header.contains(.birthDate) ? 0.7 : (rowContext.contains(.birthDate) ? 0.65 : 0.45)
            add(PIIPatterns.date, .birthDate, base: base, notAfter: { $0.isASCII && ($0.isNumber || $0.isLetter) })
        }
        for index in found.indices where found[index].kind == .postalCode && text.contains("〒") {
            found[index].score = max(found[index].score, 0.85)
        }
        return resolveOverlaps(found).map { c in
            let scalars = Array(cell.unicodeScalars)
            let value = String(String.UnicodeScalarView(scalars[c.range]))
            return PIIFinding(line: line, column: column, start: offset + c.range.lowerBound, end: offset + c.range.upperBound,
                              kind: c.kind, score: (c.score * 100).rounded() / 100, masked: PIIText.mask(value))
        }
    }

    struct Candidate {
        let range: Range<Int>
        let kind: PIIKind
        var score: Double
    }

    /// Where candidates overlap, the higher score (then the longer match) wins.
    func resolveOverlaps(_ candidates: [Candidate]) -> [Candidate] {
        let ordered = candidates.sorted {
            ($0.score, $0.range.count) > ($1.score, $1.range.count)
        }
        var kept: [Candidate] = []
        for candidate in ordered where !kept.contains(where: { $0.range.overlaps(candidate.range) }) {
            kept.append(candidate)
        }
        return kept.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    func scalarRange(_ range: Range<String.Index>, in text: String) -> Range<Int> {
        let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
        let length = text.unicodeScalars.distance(from: range.lowerBound, to: range.upperBound)
        return start..<(start + length)
    }
}
