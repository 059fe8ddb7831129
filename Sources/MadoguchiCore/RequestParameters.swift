import Foundation

/// A request parameter whose value cannot be used: which parameter and why, in both languages.
///
/// Every route and API action parses its integer and free-text parameters through
/// `IntegerParameter` and `TextParameter`, so no value from a request reaches arithmetic, a
/// `Range` or a SQL statement unchecked. WebApp answers it with 400 on pages and with CKAN's
/// Validation Error envelope in the CKAN API.
public struct ParameterError: UserFacingError, Equatable {
    public let kind: ErrorKind = .malformedRequest
    public let message: LocalizedText
    public let field: String?

    public init(parameter: String, ja: String, en: String) {
        self.message = LocalizedText(ja: ja, en: en)
        self.field = parameter
    }
}

/// An integer parameter and the values it may take.
///
/// Values below the range, and values that are not whole numbers (`abc`, `1.5`, `1e309`, a number
/// beyond 64 bits), are refused. Values above the range are refused too, unless the parameter
/// clamps them (as CKAN clamps `rows` to 1000).
public struct IntegerParameter: Sendable {
    public let name: String
    public let range: ClosedRange<Int>
    public let clampsAbove: Bool

    public init(_ name: String, in range: ClosedRange<Int>, clampingAbove: Bool = false) {
        self.name = name
        self.range = range
        self.clampsAbove = clampingAbove
    }

    /// The value, or nil when the parameter is absent or empty.
    ///
    /// - Parameter value: a query-string or form value (`String`) or a decoded JSON value
    ///   (`NSNumber`, `String`); anything else (lists, objects) is refused.
    public func parse(_ value: Any?) throws(ParameterError) -> Int? {
        switch value {
        case nil, is NSNull: return nil
        case let text as String: return try parse(text: text)
        case let number as Int: return try checked(number)
        case let number as Double: return try parse(number: NSNumber(value: number))
        case let number as NSNumber: return try parse(number: number)
        default: throw notAnInteger
        }
    }

    /// The value, or `defaultValue` when the parameter is absent or empty.
    public func parse(_ value: Any?, default defaultValue: Int) throws(ParameterError) -> Int {
        try parse(value) ?? defaultValue
    }

    private func parse(text: String) throws(ParameterError) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        // Whole numbers only; longer than any 64-bit number means out of range, not a parse.
        let digits = trimmed.first == "-" || trimmed.first == "+" ? trimmed.dropFirst() : Substring(trimmed)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw notAnInteger }
        guard digits.utf8.count <= 19, let number = Int(trimmed) else {
            return try beyond(negative: trimmed.first == "-")
        }
        return try checked(number)
    }

    private func parse(number: NSNumber) throws(ParameterError) -> Int? {
        let double = number.doubleValue
        guard double.isFinite, double.rounded() == double else { throw notAnInteger }
        if let exact = Int(exactly: number.int64Value), Double(exact) == double || String(exact) == number.stringValue {
            return try checked(exact)
        }
        guard let whole = Int(exactly: double) else { return try beyond(negative: double < 0) }
        return try checked(whole)
    }

    private func checked(_ number: Int) throws(ParameterError) -> Int {
        if number < range.lowerBound { throw outOfRange }
        if number > range.upperBound {
            if clampsAbove { return range.upperBound }
            throw outOfRange
        }
        return number
    }

    private func beyond(negative: Bool) throws(ParameterError) -> Int {
        if !negative, clampsAbove { return range.upperBound }
        throw outOfRange
    }

    private var notAnInteger: ParameterError {
        ParameterError(parameter: name, ja: "\(name) は整数で指定してください", en: "\(name): Invalid integer")
    }

    private var outOfRange: ParameterError {
        if clampsAbove {
            return ParameterError(parameter: name, ja: "\(name) は \(range.lowerBound) 以上で指定してください",
                                  en: "\(name): must be at least \(range.lowerBound)")
        }
        return ParameterError(parameter: name, ja: "\(name) は \(range.lowerBound)〜\(range.upperBound) の範囲で指定してください",
                              en: "\(name): must be between \(range.lowerBound) and \(range.upperBound)")
    }
}

/// A free-text parameter's bounds: its length in characters, how many terms it may hold, and no
/// control characters (a NUL byte is refused by PostgreSQL and so would be a server error).
public struct TextParameter: Sendable {
    public let name: String
    public let maxLength: Int
    public let maxTerms: Int?

    public init(_ name: String, maxLength: Int, maxTerms: Int? = nil) {
        self.name = name
        self.maxLength = maxLength
        self.maxTerms = maxTerms
    }

    /// The text, or nil when absent; numbers are read as their digits, anything else is refused.
    ///
    /// - Parameter countTerms: how the caller splits the text into terms (search: words and
    ///   bigrams); by default, runs of non-space characters.
    public func parse(_ value: Any?, countTerms: (String) -> Int = TextParameter.words) throws(ParameterError) -> String? {
        let text: String
        switch value {
        case nil, is NSNull: return nil
        case let string as String: text = string
        case let number as NSNumber: text = number.stringValue
        default:
            throw ParameterError(parameter: name, ja: "\(name) は文字列で指定してください", en: "\(name): must be a string")
        }
        // Cheap bound first: a character is at most a few UTF-8 bytes, so a huge text is refused
        // without walking its characters.
        guard text.utf8.count <= maxLength * 16, text.count <= maxLength else {
            throw ParameterError(parameter: name, ja: "\(name) は \(maxLength) 文字以内で指定してください",
                                 en: "\(name): must be at most \(maxLength) characters")
        }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" || $0.value == 0x7F }) else {
            throw ParameterError(parameter: name, ja: "\(name) に制御文字は使えません", en: "\(name): control characters are not allowed")
        }
        if let maxTerms, countTerms(text) > maxTerms {
            throw ParameterError(parameter: name, ja: "\(name) の語が多すぎます（\(maxTerms) 語まで）",
                                 en: "\(name): too many terms (at most \(maxTerms))")
        }
        return text
    }

    /// Runs of non-space characters.
    public static func words(_ text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }
}
