/// A recogniser's proposal before context scoring and overlap resolution; offsets are indices into
/// the scanned scalar array.
struct Candidate: Equatable {
    var kind: PIIKind
    var start: Int
    var end: Int
    var score: Double
}

/// The text being scanned, as scalars, with the helpers recognisers need to look around a position.
struct ScanText {
    let scalars: [Unicode.Scalar]

    var count: Int { scalars.count }

    subscript(_ index: Int) -> Unicode.Scalar? {
        index >= 0 && index < scalars.count ? scalars[index] : nil
    }

    /// True when `word` occurs in the text at `index`.
    func has(_ word: [Unicode.Scalar], at index: Int) -> Bool {
        guard index >= 0, index + word.count <= scalars.count else { return false }
        for (offset, s) in word.enumerated() where scalars[index + offset] != s { return false }
        return true
    }

    /// True when any of `words` occurs in the `window` scalars before `index` (or after `end` when
    /// `after` is set), so that 電話：03-… and 03-…（電話） are both seen.
    func hasContext(_ words: [[Unicode.Scalar]], before index: Int, window: Int = 16) -> Bool {
        let from = max(0, index - window)
        guard from < index else { return false }
        for word in words where word.count <= index - from {
            var i = from
            while i + word.count <= index {
                if has(word, at: i) { return true }
                i += 1
            }
        }
        return false
    }
}

extension String {
    /// The scalars of the string, for building context-word lists once.
    var scalarArray: [Unicode.Scalar] { Array(unicodeScalars) }
}
