/// A match located in a file: what the command prints, the publish guard returns and the benchmark
/// compares with its labels. `masked` is the only form of the value it carries.
public struct PIIFinding: Sendable, Hashable, Codable {
    public let file: String
    /// 1-based line number in the file.
    public let line: Int
    /// The CSV column's header, or nil for plain text.
    public let column: String?
    /// Code-point offsets within the line.
    public let start: Int
    public let end: Int
    public let kind: PIIKind
    public let score: Double
    public let masked: String

    public init(file: String, line: Int, column: String?, start: Int, end: Int, kind: PIIKind, score: Double, masked: String) {
        self.file = file
        self.line = line
        self.column = column
        self.start = start
        self.end = end
        self.kind = kind
        self.score = score
        self.masked = masked
    }
}

/// Something the reader of a scan should know that is not a finding: a line cut at the length cap.
public struct ScanNote: Sendable, Hashable {
    public let file: String
    public let line: Int
    public let message: String
}

/// The result of scanning one file.
public struct ScanReport: Sendable {
    public let file: String
    public let encoding: String
    public var findings: [PIIFinding]
    public var notes: [ScanNote]
}
