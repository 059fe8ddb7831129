import Foundation

/// Normalisation of Japanese input: residents type full-width digits, ideographic spaces and
/// half-width katakana; comparisons and validation run on the normalised form while the
/// original text is kept for display.
public enum JapaneseText {
    /// NFKC: full-width ASCII to half-width, half-width katakana to full-width, ideographic space to space.
    public static func normalized(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping
    }

    /// Replaces full-width digits (０–９) with ASCII digits and leaves everything else alone.
    public static func halfWidthDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFF10 + 0x30)! : scalar
        }))
    }

    /// True when the text holds a full-width ASCII variant (Ａ, １, ＠…), a common data-entry problem.
    public static func containsFullWidthASCII(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0xFF01...0xFF5E).contains($0.value) }
    }

    /// True when every character is katakana (full-width), the long-vowel mark, or a space.
    public static func isKatakana(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            (0x30A0...0x30FF).contains($0.value) || $0 == " " || $0 == "\u{3000}"
        }
    }
}
