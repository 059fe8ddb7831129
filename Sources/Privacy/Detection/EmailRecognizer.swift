/// Finds e-mail addresses around each @ (or full-width ＠): a local part, a domain with a dot and a
/// top-level domain of letters.
enum EmailRecognizer {
    static func candidates(in text: ScanText, into out: inout [Candidate]) {
        let s = text.scalars
        var lastEnd = 0
        for i in s.indices where (s[i] == "@" || s[i] == "＠") && i >= lastEnd {
            var start = i
            while start > lastEnd, isLocal(s[start - 1]) { start -= 1 }
            while start < i, s[start] == "." { start += 1 }
            guard start < i else { continue }
            var end = i + 1
            var lastDot = -1
            while end < s.count, isDomain(s[end]) {
                if s[end] == "." { lastDot = end }
                end += 1
            }
            while end > i + 1, s[end - 1] == "." || s[end - 1] == "-" {
                end -= 1
                if lastDot == end { lastDot = -1 }
            }
            guard lastDot > i + 1, end - lastDot - 1 >= 2,
                  s[(lastDot + 1)..<end].allSatisfy(ScalarClass.isASCIILetter) else { continue }
            out.append(Candidate(kind: .email, start: start, end: end, score: 0.85))
            lastEnd = end
        }
    }

    static func isLocal(_ s: Unicode.Scalar) -> Bool {
        ScalarClass.isASCIILetter(s) || (s.value >= 0x30 && s.value <= 0x39) || "._%+-".unicodeScalars.contains(s)
    }

    static func isDomain(_ s: Unicode.Scalar) -> Bool {
        ScalarClass.isASCIILetter(s) || (s.value >= 0x30 && s.value <= 0x39) || s == "." || s == "-"
    }
}
