import MadoguchiCore

/// The validator's answer: findings by row and column, totals, and whether the file conforms.
public struct ValidationReport: Sendable, Codable, Equatable {
    /// Conforms means no errors; warnings (Shift_JIS, restored leading zeros…) do not block.
    public enum Verdict: String, Sendable, Codable {
        case conforms
        case conformsWithWarnings = "conforms-with-warnings"
        case doesNotConform = "does-not-conform"

        public var label: LocalizedText {
            switch self {
            case .conforms: return LocalizedText(ja: "適合", en: "Conforms")
            case .conformsWithWarnings: return LocalizedText(ja: "適合（警告あり）", en: "Conforms with warnings")
            case .doesNotConform: return LocalizedText(ja: "不適合", en: "Does not conform")
            }
        }
    }

    public let schemaName: String
    /// The encoding found; nil when the bytes could not be read as text.
    public let encoding: TextDecoding.Encoding?
    /// Data rows read (the header excluded).
    public let rowCount: Int
    /// Findings in file order, at most `limits.maxReportedIssues` of them.
    public let issues: [ValidationIssue]
    /// Totals over every finding, including those not listed.
    public let errorCount: Int
    public let warningCount: Int
    public let countsByCode: [String: Int]
    /// True when the listing stopped at the limit.
    public let issuesTruncated: Bool
    public let verdict: Verdict

    /// True when the file is readable but not UTF-8, so offering `CSVValidator.convertToUTF8` helps.
    public var canConvertToUTF8: Bool { encoding != nil && encoding != .utf8 && encoding != .utf8WithBOM }

    /// The report as a CSV for download: 行, 物理行, 列, 重大度, コード, 内容, message.
    public func csv() -> String {
        let header = ["行", "物理行", "列", "重大度", "コード", "内容", "値", "message"]
        let rows = issues.map { issue in
            [issue.row.map(String.init) ?? "", issue.line.map(String.init) ?? "", issue.column ?? "",
             issue.severity == .error ? "エラー" : "警告", issue.code.rawValue, issue.message.ja, issue.value ?? "",
             issue.message.en]
        }
        return CSVWriter.document(header: header, rows: rows)
    }
}

/// How much a validation may read and report: explicit so the HTTP layer can state them.
public struct ValidationLimits: Sendable, Equatable {
    public var maxBytes: Int
    public var maxRows: Int
    public var maxReportedIssues: Int

    public init(maxBytes: Int = 200 * 1024 * 1024, maxRows: Int = 1_000_000, maxReportedIssues: Int = 1000) {
        self.maxBytes = maxBytes
        self.maxRows = maxRows
        self.maxReportedIssues = maxReportedIssues
    }

    public static let standard = ValidationLimits()
}
