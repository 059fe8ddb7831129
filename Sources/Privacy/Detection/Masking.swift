/// How a found value is shown in reports and logs: enough to recognise which entry it is, never
/// enough to recover it. Separators stay so that the shape remains readable.
public enum Masking {
    public static let maskCharacter: Unicode.Scalar = "*"

    /// Masks `scalars` in the way suited to `kind`.
    public static func mask(_ scalars: ArraySlice<Unicode.Scalar>, kind: PIIKind) -> String {
        switch kind {
        case .myNumber, .corporateNumber, .phone:
            return keepingLastDigits(scalars, count: 4)
        case .postalCode:
            return keepingLastDigits(scalars, count: 0)
        case .birthDate:
            return keepingLastDigits(scalars, count: 0)
        case .email:
            return maskEmail(scalars)
        case .personName:
            return keepingFirst(scalars, count: 1)
        case .address:
            return maskAddress(scalars)
        }
    }

    /// Convenience for strings.
    public static func mask(_ text: String, kind: PIIKind) -> String {
        mask(ArraySlice(Array(text.unicodeScalars)), kind: kind)
    }

    /// ********9018: digits replaced except the last `count`; non-digits kept.
    static func keepingLastDigits(_ scalars: ArraySlice<Unicode.Scalar>, count: Int) -> String {
        let total = scalars.reduce(0) { $0 + (ScalarClass.isDigit($1) ? 1 : 0) }
        var seen = 0
        var out = String.UnicodeScalarView()
        for s in scalars {
            if ScalarClass.isDigit(s) {
                seen += 1
                out.append(seen > total - count ? s : maskCharacter)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// 山** : the first `count` characters, then one mask per remaining non-space character.
    static func keepingFirst(_ scalars: ArraySlice<Unicode.Scalar>, count: Int) -> String {
        var out = String.UnicodeScalarView()
        for (index, s) in scalars.enumerated() {
            out.append(index < count || ScalarClass.isSpace(s) ? s : maskCharacter)
        }
        return String(out)
    }

    /// t***@example.jp: the domain says which organisation, not which person.
    static func maskEmail(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        guard let at = scalars.firstIndex(where: { $0 == "@" || $0 == "＠" }) else {
            return keepingFirst(scalars, count: 1)
        }
        let local = scalars[scalars.startIndex..<at]
        var out = String.UnicodeScalarView()
        if let first = local.first { out.append(first) }
        out.append(contentsOf: "***".unicodeScalars)
        out.append(contentsOf: scalars[at...])
        return String(out)
    }

    /// 東京都新宿区******: keeps the text up to the last 市区町村郡 that comes before any digit, masks the rest.
    static func maskAddress(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var keepUntil = scalars.startIndex
        for index in scalars.indices {
            let s = scalars[index]
            if ScalarClass.isDigit(s) || ScalarClass.isKanjiNumeral(s) { break }
            if "都道府県市区町村郡".unicodeScalars.contains(s) { keepUntil = index + 1 }
        }
        var out = String.UnicodeScalarView(scalars[scalars.startIndex..<keepUntil])
        for s in scalars[keepUntil...] { out.append(ScalarClass.isSpace(s) ? s : maskCharacter) }
        return String(out)
    }
}
