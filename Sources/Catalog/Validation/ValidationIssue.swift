import MadoguchiCore

/// One finding of the CSV validator, located by row and column so staff can fix the file.
public struct ValidationIssue: Sendable, Codable, Equatable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case warning, error
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public let code: ValidationIssueCode
    public let severity: Severity
    /// The record number counting the header as 1 (as Frictionless counts); nil for file-level findings.
    public let row: Int?
    /// The physical line the record starts on; differs from `row` after cells with line breaks.
    public let line: Int?
    public let column: String?
    /// The cell as found, shortened to 100 characters.
    public let value: String?
    public let message: LocalizedText

    public init(code: ValidationIssueCode, severity: Severity? = nil, row: Int? = nil, line: Int? = nil,
                column: String? = nil, value: String? = nil, message: LocalizedText) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.row = row
        self.line = line
        self.column = column
        self.value = value.map { $0.count > 100 ? String($0.prefix(100)) + "…" : $0 }
        self.message = message
    }
}

/// Stable identifiers for findings: the HTTP layer, the report CSV and the benchmark key on them.
public enum ValidationIssueCode: String, Sendable, Codable, CaseIterable {
    // file
    case unreadableEncoding = "unreadable-encoding"
    case notUTF8 = "not-utf8"
    case emptyFile = "empty-file"
    case fileTooLarge = "file-too-large"
    case rowLimitReached = "row-limit-reached"
    // header
    case missingColumn = "missing-column"
    case missingRequiredColumn = "missing-required-column"
    case extraColumn = "extra-column"
    case misorderedColumns = "misordered-columns"
    case duplicateColumn = "duplicate-column"
    case headerNotExact = "header-not-exact"
    // structure
    case unterminatedQuote = "unterminated-quote"
    case malformedQuote = "malformed-quote"
    case extraCells = "extra-cells"
    case missingCells = "missing-cells"
    case blankRow = "blank-row"
    // cells
    case requiredValueMissing = "required-value-missing"
    case notInteger = "not-integer"
    case notNumber = "not-number"
    case notDate = "not-date"
    case notTime = "not-time"
    case outOfRange = "out-of-range"
    case notInList = "not-in-list"
    case patternMismatch = "pattern-mismatch"
    case invalidMunicipalityCode = "invalid-municipality-code"
    case leadingZeroLost = "leading-zero-lost"
    case invalidCorporateNumber = "invalid-corporate-number"
    case invalidPhone = "invalid-phone"
    case invalidURL = "invalid-url"
    case notKatakana = "not-katakana"
    case fullWidthCharacters = "full-width-characters"
    case halfWidthKatakana = "half-width-katakana"
    case formulaInjection = "formula-injection"

    public var defaultSeverity: ValidationIssue.Severity {
        switch self {
        case .notUTF8, .missingColumn, .extraColumn, .misorderedColumns, .headerNotExact, .blankRow,
             .leadingZeroLost, .fullWidthCharacters, .halfWidthKatakana, .notKatakana:
            return .warning
        default:
            return .error
        }
    }
}
