import Foundation

/// A schema field prepared once per validation (its regular expression compiled), so that a
/// million-row file does not recompile a pattern per cell. A class, so rows share it without copying.
final class CompiledField {
    let field: SchemaField
    let pattern: WholeMatchPattern?
    let isNumeric: Bool
    /// Codes, numbers, dates, phones and URLs must be half-width; names may hold full-width text.
    let expectsHalfWidth: Bool

    init(_ field: SchemaField) {
        self.field = field
        isNumeric = field.type == .integer || field.type == .number
        // Codes are checked more precisely by their kind rules; the pattern is for other text.
        let kindChecksPattern = field.kind == .municipalityCode || field.kind == .corporateNumber
        pattern = kindChecksPattern ? nil : field.constraints?.pattern.flatMap(WholeMatchPattern.init)
        switch field.kind {
        case .municipalityCode?, .corporateNumber?, .phone?, .url?, .latitude?, .longitude?, .flag?: expectsHalfWidth = true
        case .yesNo?, .kana?, .multiValue?: expectsHalfWidth = false
        case nil: expectsHalfWidth = field.type != .string || field.constraints?.pattern != nil
        }
    }
}

/// A Frictionless `pattern`: the whole cell must match.
struct WholeMatchPattern {
    let source: String
    private let regex: NSRegularExpression

    init?(_ source: String) {
        guard let regex = try? NSRegularExpression(pattern: "^(?:\(source))$") else { return nil }
        self.source = source
        self.regex = regex
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
