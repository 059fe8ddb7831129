import MadoguchiCore

/// Splits text into search terms: overlapping character bigrams for Japanese (which has no spaces,
/// so 避難 must match inside 指定緊急避難場所一覧) and whole lower-case words for Latin script and digits.
public enum SearchTokenizer {
    public static func terms(in text: String) -> [String] {
        var terms: [String] = []
        var run: [Character] = []
        var runIsCJK = false
        func flush() {
            guard !run.isEmpty else { return }
            if runIsCJK {
                if run.count == 1 { terms.append(String(run)) }
                for i in 0..<(run.count - 1) { terms.append(String(run[i...i + 1])) }
            } else {
                terms.append(String(run))
            }
            run.removeAll(keepingCapacity: true)
        }
        for character in JapaneseText.normalized(text).lowercased() {
            let cjk = isCJK(character)
            let word = !cjk && (character.isLetter || character.isNumber)
            guard cjk || word else { flush(); continue }
            if !run.isEmpty && cjk != runIsCJK { flush() }
            runIsCJK = cjk
            run.append(character)
        }
        flush()
        return terms
    }

    /// Distinct terms, for indexing.
    public static func distinctTerms(in text: String) -> Set<String> { Set(terms(in: text)) }

    static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF, 0x3005, 0x3006:
            return true
        default:
            return false
        }
    }

    /// True for a one-character Japanese term, which the index holds only as part of bigrams.
    static func isSingleCJK(_ term: String) -> Bool { term.count == 1 && term.first.map(isCJK) == true }
}
