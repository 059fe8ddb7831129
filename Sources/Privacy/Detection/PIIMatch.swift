/// One piece of personal information found in a line or cell: where it is (code-point offsets),
/// what kind, and how sure the scanner is. It keeps the matched scalars only so that they can be
/// masked; `description` never shows them.
public struct PIIMatch: Sendable, Hashable, CustomStringConvertible {
    public let kind: PIIKind
    /// Offset of the first code point, from the start of the scanned text.
    public var start: Int
    /// Offset just past the last code point.
    public var end: Int
    /// 0…1: how likely it is that this really is personal information.
    public var score: Double
    /// The matched text with all but a few characters replaced by `*`.
    public let masked: String

    public init(kind: PIIKind, start: Int, end: Int, score: Double, masked: String) {
        self.kind = kind
        self.start = start
        self.end = end
        self.score = min(1, max(0, score))
        self.masked = masked
    }

    public var description: String { "\(kind.rawValue)[\(start)..<\(end)] \(masked) score=\(score)" }
}
