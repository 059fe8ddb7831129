/// Detects personal information in one line of text or one table cell: runs the recognisers,
/// scores each match from context words and the column's header, and keeps the best of
/// overlapping matches. Stateless and `Sendable`, so one instance serves every request.
public struct PIIScanner: Sendable {
    /// Matches scoring below this are dropped.
    public var minimumScore: Double

    public init(minimumScore: Double = 0.4) { self.minimumScore = minimumScore }

    /// Matches in `text`; offsets are in Unicode code points from the start of `text`.
    public func scan(_ text: String, column: ColumnHint? = nil, tableHasNames: Bool = false) -> [PIIMatch] {
        scan(scalars: Array(text.unicodeScalars), column: column, tableHasNames: tableHasNames)
    }

    /// Matches in a line already split into scalars (the file scanner's fast path).
    public func scan(scalars: [Unicode.Scalar], column: ColumnHint? = nil, tableHasNames: Bool = false) -> [PIIMatch] {
        let text = ScanText(scalars: scalars)
        // One look at the line decides which recognisers can find anything in it.
        let line = Triggers.of(scalars)
        let (bits, wide) = (line.bits, line.wide)
        let hasDigit = bits & Triggers.digit != 0
        var candidates: [Candidate] = []
        if hasDigit { NumberRecognizer.candidates(in: text, into: &candidates) }
        if bits & Triggers.at != 0 { EmailRecognizer.candidates(in: text, into: &candidates) }
        if wide {
            if bits & Triggers.municipality != 0 { AddressRecognizer.candidates(in: text, into: &candidates) }
            let spacedSurname = Triggers.surname | Triggers.space
            if bits & Triggers.name != 0 || bits & spacedSurname == spacedSurname {
                NameRecognizer.candidates(in: text, line: line, into: &candidates)
            }
        }
        if hasDigit {
            birthDates(in: text, column: column, hasName: candidates.contains { $0.kind == .personName }, into: &candidates)
        }
        if let kind = column?.kind {
            wholeCell(text, kind: kind, tableHasNames: tableHasNames, candidates: &candidates)
        }
        for index in candidates.indices {
            let c = candidates[index]
            var score = c.score
            if column?.kind == c.kind {
                score += ContextWords.boost
            } else if text.hasContext(ContextWords.of(c.kind), before: c.start) {
                score += ContextWords.boost
            }
            candidates[index].score = min(1, score)
        }
        return resolve(candidates).compactMap { c in
            guard c.score >= minimumScore else { return nil }
            let rounded = (c.score * 100).rounded() / 100
            return PIIMatch(kind: c.kind, start: c.start, end: c.end, score: rounded,
                            masked: Masking.mask(scalars[c.start..<c.end], kind: c.kind))
        }
    }

    private func birthDates(in text: ScanText, column: ColumnHint?, hasName: Bool, into out: inout [Candidate]) {
        let birthWords = ContextWords.birthDate
        DateRecognizer.dates(in: text) { start, end in
            var score: Double
            if column?.kind == .birthDate {
                score = 0.75
            } else if text.hasContext(birthWords, before: start, window: 12) {
                score = 0.65
            } else if let next = text[end], next == "生" {
                score = 0.8
            } else if hasName {
                score = 0.45
            } else {
                return
            }
            out.append(Candidate(kind: .birthDate, start: start, end: end, score: score))
        }
    }

    /// In a 氏名 or 住所 column the whole cell is the value, whatever shape it has.
    private func wholeCell(_ text: ScanText, kind: PIIKind, tableHasNames: Bool, candidates: inout [Candidate]) {
        guard kind == .personName || kind == .address, !candidates.contains(where: { $0.kind == kind }) else { return }
        let s = text.scalars
        guard let first = s.firstIndex(where: { !ScalarClass.isSpace($0) }),
              let last = s.lastIndex(where: { !ScalarClass.isSpace($0) }) else { return }
        let cell = s[first...last]
        let letters = cell.filter { ScalarClass.isKanji($0) || ScalarClass.isKatakana($0) || ScalarClass.isHiragana($0) || ScalarClass.isASCIILetter($0) }
        switch kind {
        case .personName:
            guard cell.count <= 24, letters.count >= 2, letters.count * 10 >= cell.count * 7 else { return }
            candidates.append(Candidate(kind: .personName, start: first, end: last + 1, score: 0.65))
        default:
            guard letters.contains(where: ScalarClass.isKanji) else { return }
            candidates.append(Candidate(kind: .address, start: first, end: last + 1, score: tableHasNames ? 0.65 : 0.3))
        }
    }

    /// Keeps the highest-scoring of overlapping candidates, then orders by position.
    private func resolve(_ candidates: [Candidate]) -> [Candidate] {
        guard candidates.count > 1 else { return candidates }
        var kept: [Candidate] = []
        for c in candidates.sorted(by: { ($0.score, $1.start) > ($1.score, $0.start) }) where c.end > c.start {
            if !kept.contains(where: { $0.start < c.end && c.start < $0.end }) { kept.append(c) }
        }
        return kept.sorted { $0.start < $1.start }
    }
}
