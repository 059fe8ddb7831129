/// 法人番号: 13 digits whose first digit checks the other twelve (weights 1 and 2 alternating from
/// the right, 9 − sum mod 9). Public data about facilities often names the operating body by it.
enum CorporateNumber {
    static func isValid(_ text: String) -> Bool {
        let digits = text.utf8.map { Int($0) - 48 }
        guard digits.count == 13, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        var sum = 0
        for (offset, digit) in digits.dropFirst().reversed().enumerated() {
            sum += digit * (offset % 2 == 0 ? 1 : 2)
        }
        return digits[0] == 9 - sum % 9
    }
}
