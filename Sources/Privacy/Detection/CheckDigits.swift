/// Check-digit rules for the national identifiers, so that a run of 12 or 13 digits is reported as
/// a My Number or a corporate number only when it could really be one.
public enum CheckDigits {
    /// The My Number check digit for 11 base digits (weights 6,5,4,3,2,7,6,5,4,3,2 left to right).
    public static func myNumberCheckDigit(_ base: [Int]) -> Int? {
        guard base.count == 11, base.allSatisfy({ (0...9).contains($0) }) else { return nil }
        var sum = 0
        for (index, digit) in base.enumerated() {
            let n = 11 - index // position counted from the right, 1-based
            sum += digit * (n <= 6 ? n + 1 : n - 5)
        }
        let remainder = sum % 11
        return remainder <= 1 ? 0 : 11 - remainder
    }

    /// True when the 12 digits end with their My Number check digit.
    public static func isValidMyNumber(_ digits: [Int]) -> Bool {
        isValidMyNumber(count: digits.count) { digits[$0] }
    }

    /// The same check on digits however they are held (the scanner keeps them inline, to avoid
    /// allocating for every number in a line).
    static func isValidMyNumber(count: Int, digit: (Int) -> Int) -> Bool {
        guard count == 12 else { return false }
        var sum = 0
        for index in 0..<11 {
            let d = digit(index)
            guard (0...9).contains(d) else { return false }
            let n = 11 - index
            sum += d * (n <= 6 ? n + 1 : n - 5)
        }
        let remainder = sum % 11
        return (remainder <= 1 ? 0 : 11 - remainder) == digit(11)
    }

    /// The 法人番号 check digit (the first of the 13) for the 12 base digits that follow it.
    public static func corporateNumberCheckDigit(_ base: [Int]) -> Int? {
        guard base.count == 12, base.allSatisfy({ (0...9).contains($0) }) else { return nil }
        var sum = 0
        for (index, digit) in base.enumerated() {
            let n = 12 - index
            sum += digit * (n % 2 == 1 ? 1 : 2)
        }
        return 9 - sum % 9
    }

    /// True when the first of the 13 digits is the check digit of the other 12.
    public static func isValidCorporateNumber(_ digits: [Int]) -> Bool {
        isValidCorporateNumber(count: digits.count) { digits[$0] }
    }

    /// The same check on digits however they are held.
    static func isValidCorporateNumber(count: Int, digit: (Int) -> Int) -> Bool {
        guard count == 13 else { return false }
        var sum = 0
        for index in 0..<12 {
            let d = digit(index + 1)
            guard (0...9).contains(d) else { return false }
            let n = 12 - index
            sum += d * (n % 2 == 1 ? 1 : 2)
        }
        return 9 - sum % 9 == digit(0)
    }

    /// Digits of a text, ignoring spaces and hyphens, accepting full-width digits; nil if anything else.
    public static func digits(of text: String) -> [Int]? {
        var result: [Int] = []
        for scalar in text.unicodeScalars {
            if let d = ScalarClass.digitValue(scalar) { result.append(d) }
            else if ScalarClass.isNumberSeparator(scalar) { continue }
            else { return nil }
        }
        return result
    }
}
