/// A problem in a rules-as-data file (a counter rule file, a form definition), with the file and
/// line a maintainer must open: `file:line: problem`.
public struct RulesFileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name the file is reported under, e.g. `life-events/death.json` or `move-out.json`.
    public let file: String
    /// 1-based; 0 when the problem concerns no line (a missing file or folder).
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
