/// Text helpers for the PII scanner, which works on Unicode scalars so that offsets match what
/// other tools (Python's `str`, JavaScript's code points) report.
enum PIIText {
    /// Full-width digits, hyphens and the ideographic space to their ASCII forms, scalar for scalar,
    /// so offsets in the converted text equal offsets in the original.
    static func halfWidth(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map(halfWidth)))
    }

    static func halfWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)!
        case 0x3000: return " "
        case 0x2010...0x2015, 0x2212: return "-"
        default: return scalar
        }
    }

    /// Replaces all but the last `keep` characters with `*`.
    static func mask(_ value: String, keep: Int = 2) -> String {
        let scalars = Array(value.unicodeScalars)
        guard scalars.count > keep else { return String(repeating: "*", count: scalars.count) }
        return String(repeating: "*", count: scalars.count - keep) + String(String.UnicodeScalarView(scalars.suffix(keep)))
    }
}
