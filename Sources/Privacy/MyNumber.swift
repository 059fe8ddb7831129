/// マイナンバー (個人番号): 11 digits and a check digit. Its value is 特定個人情報: this type never
/// prints it (description and debugDescription are masked) so it cannot leak into logs.
public struct MyNumber: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let digits: String

    /// Accepts 12 digits, half- or full-width, with spaces or hyphens between groups.
    public init?(_ text: String) {
        let compact = MyNumber.compact(text)
        guard compact.count == 12, MyNumber.isValid(compact) else { return nil }
        digits = compact
    }

    /// The check digit for 11 base digits: weights 6,5,4,3,2,7,6,5,4,3,2 from the left;
    /// 11 − (sum mod 11), or 0 when the remainder is 0 or 1.
    public static func checkDigit(base: [Int]) -> Int? {
        guard base.count == 11 else { return nil }
        let weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        let remainder = zip(base, weights).map(*).reduce(0, +) % 11
        return remainder <= 1 ? 0 : 11 - remainder
    }

    /// True for 12 ASCII digits whose last is the check digit of the first 11.
    public static func isValid(_ digits: String) -> Bool {
        let values = digits.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard values.count == 12, digits.count == 12 else { return false }
        return checkDigit(base: Array(values.prefix(11))) == values[11]
    }

    static func compact(_ text: String) -> String {
        String(PIIText.halfWidth(text).filter { !" -\u{3000}".contains($0) })
    }

    /// The number itself, for code paths that encrypt it. Never log or display this.
    public var unmaskedDigits: String { digits }

    /// `********9018`: only the last four digits, as counters read them back to residents.
    public var masked: String { String(repeating: "*", count: 8) + digits.suffix(4) }

    public var description: String { masked }
    public var debugDescription: String { "MyNumber(\(masked))" }
}

/// 法人番号: a check digit followed by 12 digits.
public enum CorporateNumber {
    /// check = 9 − (Σ Pn·Qn mod 9), Pn the 12 base digits from the right, Qn 1 for odd n, 2 for even n.
    public static func isValid(_ digits: String) -> Bool {
        let values = digits.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard values.count == 13, digits.count == 13 else { return false }
        var sum = 0
        for (index, value) in values.dropFirst().reversed().enumerated() {
            sum += value * ((index + 1) % 2 == 1 ? 1 : 2)
        }
        return values[0] == 9 - sum % 9
    }
}
