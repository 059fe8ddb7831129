/// Finds runs of digits (ASCII or full-width, with the spaces, hyphens and brackets people write
/// inside numbers) and classifies each run once: My Number, corporate number, phone or postal code.
/// One pass per line; classification by digit count, grouping and check digits. A run keeps its
/// digits and group lengths inline (a run ends after 21 digits), so reading one allocates nothing.
enum NumberRecognizer {
    struct Run {
        var start: Int
        var end: Int
        var digits = InlineArray<21, UInt8>(repeating: 0)
        var count = 0
        var groups = InlineArray<21, UInt8>(repeating: 0)
        var groupCount = 0
        var international = false
        var hasBracket = false

        func digit(_ index: Int) -> Int { Int(digits[index]) }

        /// True when the digits start with `prefix`.
        func starts(with prefix: [UInt8]) -> Bool {
            guard count >= prefix.count else { return false }
            for (index, d) in prefix.enumerated() where digits[index] != d { return false }
            return true
        }

        /// True when the group lengths are exactly `pattern` ([4, 4, 4] for 1234-5678-9018).
        func groups(are pattern: [UInt8]) -> Bool {
            guard groupCount == pattern.count else { return false }
            for (index, g) in pattern.enumerated() where groups[index] != g { return false }
            return true
        }

        mutating func closeGroup(_ length: Int) {
            groups[groupCount] = UInt8(length)
            groupCount += 1
        }
    }

    static func candidates(in text: ScanText, into out: inout [Candidate]) {
        let s = text.scalars
        var i = 0
        while i < s.count {
            let c = s[i]
            let startsRun = ScalarClass.isDigit(c) || ((c == "+" || c == "(" || c == "（") && i + 1 < s.count && ScalarClass.isDigit(s[i + 1]))
            guard startsRun, !(i > 0 && (ScalarClass.isDigit(s[i - 1]) || ScalarClass.isASCIILetter(s[i - 1]))) else {
                i += 1
                continue
            }
            let run = readRun(s, from: i)
            if let candidate = classify(run, text: text) { out.append(candidate) }
            i = max(run.end, i + 1)
        }
    }

    /// Reads digits and single separators between them; a separator not followed by a digit ends the run.
    static func readRun(_ s: [Unicode.Scalar], from start: Int) -> Run {
        var run = Run(start: start, end: start)
        var i = start
        if s[i] == "+" { run.international = true; i += 1 }
        var group = 0
        while i < s.count {
            let c = s[i]
            if let d = ScalarClass.digitValue(c) {
                run.digits[run.count] = UInt8(d)
                run.count += 1
                group += 1
                i += 1
                run.end = i
                if run.count > 20 { break }
                continue
            }
            let bracket = c == "(" || c == ")" || c == "（" || c == "）"
            guard ScalarClass.isNumberSeparator(c) || bracket else { break }
            // Allow "03 (1234) 5678": up to two separators in a row, then a digit.
            var j = i + 1
            if j < s.count, !ScalarClass.isDigit(s[j]), ScalarClass.isNumberSeparator(s[j]) || s[j] == "(" || s[j] == ")" || s[j] == "（" || s[j] == "）" { j += 1 }
            guard j < s.count, ScalarClass.isDigit(s[j]) else { break }
            if bracket { run.hasBracket = true }
            if group > 0 { run.closeGroup(group) }
            group = 0
            i = j
        }
        if group > 0 { run.closeGroup(group) }
        return run
    }

    static func classify(_ run: Run, text: ScanText) -> Candidate? {
        let n = run.count
        let separated = run.groupCount > 1
        // A number glued to letters or more digits on the right is part of something else (an ID).
        if let next = text[run.end], ScalarClass.isASCIILetter(next) { return nil }
        if run.international {
            guard run.starts(with: [8, 1]), (11...12).contains(n) else { return nil }
            return Candidate(kind: .phone, start: run.start, end: run.end, score: 0.7)
        }
        let precededByPostMark = text[run.start - 1] == "〒" || (text[run.start - 1].map(ScalarClass.isSpace) == true && text[run.start - 2] == "〒")
        switch n {
        case 12 where CheckDigits.isValidMyNumber(count: n, digit: run.digit) && !run.hasBracket:
            let regular = run.groups(are: [12]) || run.groups(are: [4, 4, 4])
            return Candidate(kind: .myNumber, start: run.start, end: run.end, score: regular ? 0.8 : 0.6)
        case 13 where CheckDigits.isValidCorporateNumber(count: n, digit: run.digit) && !run.hasBracket:
            let regular = run.groups(are: [13]) || run.groups(are: [1, 4, 4, 4])
            return Candidate(kind: .corporateNumber, start: run.start, end: run.end, score: regular ? 0.75 : 0.55)
        case 10...11 where run.digits[0] == 0 && run.digits[1] != 0:
            return phone(run, n: n, separated: separated)
        case 7 where run.groups(are: [3, 4]) || (run.groups(are: [7]) && precededByPostMark):
            return Candidate(kind: .postalCode, start: run.start, end: run.end, score: precededByPostMark ? 0.95 : 0.55)
        default:
            return nil
        }
    }

    static func phone(_ run: Run, n: Int, separated: Bool) -> Candidate? {
        let mobile = n == 11 && run.digits[0] == 0 && [7, 8, 9, 5].contains(run.digits[1]) && run.digits[2] == 0
        let tollFree = n == 10 && run.starts(with: [0, 1, 2, 0])
        if n == 11 && !mobile && !run.starts(with: [0, 1, 2, 0]) && !run.starts(with: [0, 8, 0, 0]) { return nil }
        if separated {
            guard run.groupCount <= 3, (2...5).contains(run.groups[0]) else { return nil }
            return Candidate(kind: .phone, start: run.start, end: run.end, score: mobile || tollFree ? 0.8 : 0.75)
        }
        return Candidate(kind: .phone, start: run.start, end: run.end, score: mobile ? 0.55 : 0.4)
    }
}
