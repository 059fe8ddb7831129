/// 全国地方公共団体コード: five digits and a check digit (国立市 132152).
public struct MunicipalityCode: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    /// Why a text is not a valid municipality code.
    public enum Problem: Error, Equatable, Sendable {
        case notSixDigits
        case badCheckDigit(expected: Character)

        public var message: String {
            switch self {
            case .notSixDigits: return "全国地方公共団体コードは半角数字6桁です"
            case .badCheckDigit(let c): return "全国地方公共団体コードの検査数字が違います（正しくは末尾 \(c)）"
            }
        }
    }

    /// Validates six digits (full-width digits are accepted) and the check digit.
    public init(_ text: String) throws(Problem) {
        let digits = JapaneseText.halfWidthDigits(text.trimmingCharacters(in: .whitespaces))
        guard digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notSixDigits }
        let expected = MunicipalityCode.checkDigit(forBase: String(digits.prefix(5)))!
        guard digits.last == expected else { throw .badCheckDigit(expected: expected) }
        rawValue = digits
    }

    public static func isValid(_ text: String) -> Bool { (try? MunicipalityCode(text)) != nil }

    /// The check digit for five base digits: weights 6,5,4,3,2; (11 − sum mod 11) mod 10.
    public static func checkDigit(forBase base: String) -> Character? {
        guard base.count == 5 else { return nil }
        var sum = 0
        for (digit, weight) in zip(base, [6, 5, 4, 3, 2]) {
            guard let value = digit.wholeNumberValue, digit.isASCII else { return nil }
            sum += value * weight
        }
        return Character(String((11 - sum % 11) % 10))
    }

    /// The two-digit prefecture code (13 = 東京都).
    public var prefectureCode: String { String(rawValue.prefix(2)) }

    public var description: String { rawValue }

    public static func < (lhs: MunicipalityCode, rhs: MunicipalityCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
